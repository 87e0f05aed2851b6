import {
  ConversationParams,
  MarkReadRequest,
  MessagePage,
  MessagesQuery,
  RealtimeTicket,
  SendMessageRequest,
  SendMessageResponse,
} from '../../contract/chat';
import { ErrorEnvelope } from '../../contract/errors';
import { assertMayReachOthers } from '../../services/account/email-verification';
import { listMessages, markRead, sendMessage } from '../../services/chat/chat-service';
import { issueRealtimeTicket } from '../../services/chat/realtime-service';
import { defineRoute, json, noContent } from './http-route';

const error = (description: string) => ({ description, schema: ErrorEnvelope });
const notFound = error('Unknown conversation, not the caller’s, or closed (unmatched or blocked)');

export const chatRoutes = [
  defineRoute({
    method: 'GET',
    path: '/api/conversations/{conversationId}/messages',
    group: 'chat',
    summary:
      'Messages of a conversation (conversationId = matchId): `before` a message newest first, `after` a ' +
      'message oldest first (catching up after a reconnect), else the newest',
    tags: ['chat'],
    auth: true,
    params: ConversationParams,
    query: MessagesQuery,
    responses: {
      200: {
        description: 'A page of messages, and how far the other party has read (`otherRead`)',
        schema: MessagePage,
      },
      400: error('validation_failed: bad ids, or both before and after'),
      404: notFound,
    },
    handle: async ({ deps, caller, params, query }) =>
      json(200, await listMessages(deps, caller.userId, params.conversationId, query)),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/conversations/{conversationId}/messages',
    group: 'chat',
    summary:
      'Sends a message (text 1..2000 after trimming). Idempotent by clientMessageId: a repeat answers the ' +
      'first message with 200. The sender’s connections get `messageAck`, the other side `message`',
    tags: ['chat'],
    auth: true,
    params: ConversationParams,
    body: SendMessageRequest,
    responses: {
      201: { description: 'Stored', schema: SendMessageResponse },
      200: {
        description: 'Sent before with this clientMessageId: the first message',
        schema: SendMessageResponse,
      },
      403: error(
        'email_unverified: EMAIL_VERIFICATION=required and the caller has not confirmed their address',
      ),
      404: notFound,
      429: error('rate_limited: 60 messages per minute (REST and WebSocket together)'),
    },
    handle: async ({ deps, caller, params, body }) => {
      assertMayReachOthers(deps, caller.account);
      const sent = await sendMessage(deps, caller.userId, params.conversationId, body);
      return json(sent.created ? 201 : 200, { message: sent.message });
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/api/conversations/{conversationId}/read',
    group: 'chat',
    summary:
      'Marks the conversation read up to a message (never backwards); the other side gets `read` when the ' +
      'marker moved',
    tags: ['chat'],
    auth: true,
    params: ConversationParams,
    body: MarkReadRequest,
    responses: {
      204: { description: 'Marked (or already read that far)' },
      404: error('Unknown or closed conversation, or no such message in it'),
      429: error('rate_limited: 120 read markers per minute (REST and WebSocket together)'),
    },
    handle: async ({ deps, caller, params, body }) => {
      await markRead(deps, caller.userId, params.conversationId, body.upToMessageId);
      return noContent();
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/api/realtime/ticket',
    group: 'chat',
    summary:
      'A one-time ticket for the WebSocket: connect to `url` (`/ws?ticket=...`, same origin) within 60 s; ' +
      'a ticket works once',
    tags: ['chat'],
    auth: true,
    responses: { 200: { description: 'The ticket and where to connect', schema: RealtimeTicket } },
    handle: async ({ deps, caller }) =>
      json(200, await issueRealtimeTicket(deps, caller.userId, caller.sessionId)),
  }),
];
