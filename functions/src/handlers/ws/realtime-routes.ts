import { MarkReadFrame, PingFrame, SendMessageFrame, TypingFrame } from '../../contract/chat';
import { AppError } from '../../domain/errors';
import { assertUserMayReachOthers } from '../../services/account/email-verification';
import { markRead, sendMessage, typing } from '../../services/chat/chat-service';
import { answerConnection, closeConnection, openConnection } from '../../services/chat/realtime-service';
import { frameText, parseFrameObject } from './middleware/parse-frame';
import { defineWsRoute } from './ws-route';

/**
 * The WebSocket API (docs/architecture.md, Realtime): route selection `$request.body.action`. Answers and events
 * go through the Notifier (PostToConnection on AWS): a route's return value reaches no client. A frame's
 * answer (`messageAck`, `pong`, `error`) is posted to the frame's own `connectionId` (`sendToConnection`):
 * it needs no store, so it arrives even when the store fails mid-frame. (An API Gateway route response
 * would carry the Lambda's result instead, but only once the whole handler, fan-out included, has finished,
 * and it needs a route response on every route, in the stack and in the lab gateway alike.)
 */
export const realtimeRoutes = [
  defineWsRoute({
    routeKey: '$connect',
    group: 'realtime',
    summary:
      'Consumes the one-time ticket of `?ticket=` and records the connection for 2 h; a used, expired or ' +
      'unknown ticket answers 401 and API Gateway refuses the upgrade',
    auth: false,
    handle: async ({ deps, event, connectionId }) => {
      await openConnection(deps, connectionId, event.queryStringParameters?.ticket);
    },
  }),
  defineWsRoute({
    routeKey: '$disconnect',
    group: 'realtime',
    summary: 'Forgets the connection',
    auth: false,
    handle: async ({ deps, connectionId }) => {
      await closeConnection(deps, connectionId);
    },
  }),
  defineWsRoute({
    routeKey: '$default',
    group: 'realtime',
    summary: 'Any frame without a known action: an `error` event',
    auth: false,
    handle: async ({ event }) => {
      const frame = parseFrameObject(frameText(event.body, event.isBase64Encoded));
      if (frame === null) {
        throw new AppError('validation_failed', 'A frame is a JSON object with an action', {
          fields: { '(root)': ['malformed JSON'] },
        });
      }
      throw new AppError('validation_failed', 'Unknown action', {
        fields: { action: ['must be one of sendMessage, typing, markRead, ping'] },
      });
    },
  }),
  defineWsRoute({
    routeKey: 'sendMessage',
    group: 'realtime',
    summary:
      'Sends a message like POST /api/conversations/{id}/messages: `messageAck` to the sender, `message` ' +
      'to the other side',
    auth: true,
    frame: SendMessageFrame,
    handle: async ({ deps, userId, frame, connectionId }) => {
      // EMAIL_VERIFICATION=required: an unverified sender gets an `email_unverified` error event.
      await assertUserMayReachOthers(deps, userId);
      // The ack goes to this connection directly (no connection lookup that a failing store could lose).
      await sendMessage(
        deps,
        userId,
        frame.conversationId,
        { clientMessageId: frame.clientMessageId, text: frame.text },
        { connectionId },
      );
    },
  }),
  defineWsRoute({
    routeKey: 'typing',
    group: 'realtime',
    summary: 'The other side gets `typing` (not stored); 60 per minute per user',
    auth: true,
    frame: TypingFrame,
    handle: async ({ deps, userId, frame }) => {
      await typing(deps, userId, frame.conversationId);
    },
  }),
  defineWsRoute({
    routeKey: 'markRead',
    group: 'realtime',
    summary: 'Like POST /api/conversations/{id}/read: the other side gets `read`; 120 per minute per user',
    auth: true,
    frame: MarkReadFrame,
    handle: async ({ deps, userId, frame }) => {
      await markRead(deps, userId, frame.conversationId, frame.upToMessageId);
    },
  }),
  defineWsRoute({
    routeKey: 'ping',
    group: 'realtime',
    summary: 'Keeps the connection from its 10 min idle timeout: answers `pong`',
    auth: false,
    frame: PingFrame,
    handle: async ({ deps, connectionId }) => {
      await answerConnection(deps, connectionId, { type: 'pong' });
    },
  }),
];
