import type { Message, MessagePage, MessagesQuery, SendMessageRequest } from '../../contract/chat';
import type { ServerEvent } from '../../contract/events';
import { notFound } from '../../domain/errors';
import { newId } from '../../domain/ids';
import type { ConversationRef, MessageRecord } from '../../ports/chat';
import type { Deps } from '../deps';
import { publishEvent } from '../matches/match-events';
import { queueMessagePush } from '../notifications/queue-push';
import { enforceRateLimit } from '../safety/rate-limiter';
import { answerConnection } from './realtime-service';

export const DEFAULT_MESSAGE_PAGE_LIMIT = 20;

const conversationNotFound = () => notFound('Conversation not found');

export interface Conversation extends ConversationRef {
  /** The caller's counterpart. */
  otherUserId: string;
}

/**
 * The caller's open conversation: an active match they are a party to. Unknown, someone else's, unmatched
 * and blocked (a block ends the match) are all the same 404: nobody learns what exists.
 */
export async function requireConversation(
  deps: Deps,
  userId: string,
  conversationId: string,
): Promise<Conversation> {
  const match = await deps.store.matches.get(conversationId);
  if (!match || match.endedAt !== null) throw conversationNotFound();
  if (match.userLow !== userId && match.userHigh !== userId) throw conversationNotFound();
  return {
    id: match.id,
    userLow: match.userLow,
    userHigh: match.userHigh,
    otherUserId: match.userLow === userId ? match.userHigh : match.userLow,
  };
}

export const toMessageView = (message: MessageRecord): Message => ({
  id: message.id,
  conversationId: message.conversationId,
  senderId: message.senderId,
  text: message.text,
  createdAt: message.createdAt,
  clientMessageId: message.clientMessageId,
});

export interface SentMessage {
  message: Message;
  /** False when this `clientMessageId` was sent before: the first message, nothing new stored. */
  created: boolean;
}

/** Where a message was sent from: the WebSocket connection of a `sendMessage` frame (none over REST). */
export interface MessageOrigin {
  /** API Gateway's `requestContext.connectionId` of the frame. */
  connectionId: string;
}

/**
 * Sends a message (REST and WebSocket alike). Rate limited per user (60/min) before anything else. The store
 * keeps one message per (conversation, sender, clientMessageId) and refuses a match that ended meanwhile
 * (404, nothing stored). Events: `messageAck` to every connection of the sender, `message` to the other
 * side; a repeated `clientMessageId` publishes both again (delivery is at least once, clients de-duplicate
 * by message id), so a retry after a lost event still delivers it.
 *
 * A frame's own connection (`origin`) gets its `messageAck` straight from `sendToConnection`, not from the
 * fan-out: the fan-out first looks the sender's connections up in the store, and a store failing right after
 * the message was stored (a database restart) would leave the frame with neither ack nor error. The sender's
 * other connections still get it through the fan-out (best effort), which leaves the origin out.
 */
export async function sendMessage(
  deps: Deps,
  userId: string,
  conversationId: string,
  input: SendMessageRequest,
  origin?: MessageOrigin,
): Promise<SentMessage> {
  await enforceRateLimit(deps, 'messagesPerUser', userId);
  const conversation = await requireConversation(deps, userId, conversationId);
  const now = deps.clock.now();
  const result = await deps.store.conversations.send(conversation, {
    id: newId(now),
    conversationId: conversation.id,
    senderId: userId,
    text: input.text,
    clientMessageId: input.clientMessageId,
    createdAt: now.toISOString(),
  });
  if (result.status === 'closed') throw conversationNotFound();
  const message = toMessageView(result.message);
  const ack: ServerEvent = { type: 'messageAck', clientMessageId: message.clientMessageId, message };
  await Promise.all([
    origin && answerConnection(deps, origin.connectionId, ack),
    publishEvent(deps, [userId], ack, origin && { exceptConnectionId: origin.connectionId }),
    publishEvent(deps, [conversation.otherUserId], { type: 'message', message }),
    // Outside the app too (when the recipient has no live connection; decided in the background). Once.
    result.status === 'created' && queueMessagePush(deps, conversation.otherUserId, message),
  ]);
  return { message, created: result.status === 'created' };
}

/**
 * A page of the conversation: `before` newest first, `after` oldest first (catch-up), else the newest; with
 * the other party's read marker, which the caller's own `read` events would otherwise be the only source of.
 */
export async function listMessages(
  deps: Deps,
  userId: string,
  conversationId: string,
  query: MessagesQuery,
): Promise<MessagePage> {
  const conversation = await requireConversation(deps, userId, conversationId);
  const limit = query.limit ?? DEFAULT_MESSAGE_PAGE_LIMIT;
  const [fetched, otherMarker] = await Promise.all([
    deps.store.conversations.list(conversation.id, {
      ...(query.before === undefined ? {} : { before: query.before }),
      ...(query.after === undefined ? {} : { after: query.after }),
      limit: limit + 1,
    }),
    deps.store.conversations.readMarker(conversation.id, conversation.otherUserId),
  ]);
  const items = fetched.slice(0, limit).map(toMessageView);
  const last = items.at(-1);
  return {
    items,
    nextCursor: fetched.length > limit && last ? last.id : null,
    otherRead: otherMarker && { upToMessageId: otherMarker.upToMessageId, readAt: otherMarker.updatedAt },
  };
}

/**
 * Marks the conversation read up to a message (of this conversation, else 404). The marker never moves
 * back; when it moved, the other side (and the reader's other devices) get `read`. Rate limited per user
 * (120/min, REST and WebSocket together) before anything else.
 */
export async function markRead(
  deps: Deps,
  userId: string,
  conversationId: string,
  upToMessageId: string,
): Promise<void> {
  await enforceRateLimit(deps, 'markReadPerUser', userId);
  const conversation = await requireConversation(deps, userId, conversationId);
  const result = await deps.store.conversations.markRead(
    conversation,
    userId,
    upToMessageId,
    deps.clock.now().toISOString(),
  );
  if (result === 'unknown_message') throw notFound('Message not found');
  if (result === 'moved') {
    await publishEvent(deps, [conversation.otherUserId, userId], {
      type: 'read',
      conversationId: conversation.id,
      userId,
      upToMessageId,
    });
  }
}

/**
 * Tells the other side the caller is typing; nothing is stored but the rate limit's counter (60/min per user,
 * before anything else: clients send at most one every 3 s while typing).
 */
export async function typing(deps: Deps, userId: string, conversationId: string): Promise<void> {
  await enforceRateLimit(deps, 'typingPerUser', userId);
  const conversation = await requireConversation(deps, userId, conversationId);
  await publishEvent(deps, [conversation.otherUserId], {
    type: 'typing',
    conversationId: conversation.id,
    userId,
  });
}
