import * as z from 'zod/mini';
import { Id, IsoDateTime, PageQuery } from './common';

/**
 * Chat (docs/api.md, Chat): a conversation exists for each active match, `conversationId` = `matchId`.
 * Messages are ordered by id (ULIDs: creation time order).
 */

export const MAX_MESSAGE_LENGTH = 2000;

/** Chosen by the client, once per message it means to send; retries reuse it (idempotency). */
export const ClientMessageId = z
  .string()
  .check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1..64 of A-Z a-z 0-9 _ -'));

/** 1..2000 characters after trimming; stored trimmed. */
export const MessageText = z
  .string()
  .check(
    z.trim(),
    z.minLength(1, 'must not be empty'),
    z.maxLength(MAX_MESSAGE_LENGTH, `must be at most ${MAX_MESSAGE_LENGTH} characters`),
  );

export const Message = z.object({
  id: Id,
  conversationId: Id,
  senderId: Id,
  text: z.string(),
  createdAt: IsoDateTime,
  clientMessageId: ClientMessageId,
});
export type Message = z.infer<typeof Message>;

export const ConversationParams = z.strictObject({ conversationId: Id });

/**
 * `before`: older than that message, newest first. `after`: newer than it, oldest first (catching up after
 * a reconnect). Neither: the newest messages, newest first. Not both.
 */
export const MessagesQuery = z
  .strictObject({ before: z.optional(Id), after: z.optional(Id), limit: PageQuery.shape.limit })
  .check(
    z.refine((query) => query.before === undefined || query.after === undefined, {
      message: 'give before or after, not both',
      path: ['after'],
    }),
  );
export type MessagesQuery = z.infer<typeof MessagesQuery>;

/** How far one party has read: up to and including `upToMessageId`, marked at `readAt`. */
export const ReadReceipt = z.object({ upToMessageId: Id, readAt: IsoDateTime });
export type ReadReceipt = z.infer<typeof ReadReceipt>;

/**
 * `nextCursor` is the message id to pass as the same parameter (`before`, or `after`) for the next page; null
 * when there is no more (for `after`: the client is up to date; it keeps its newest id for next time).
 * `otherRead`: how far the other party has read now (what their latest `read` event said), null until they
 * read anything; so "Seen" survives a reload and a reconnect.
 */
export const MessagePage = z.object({
  items: z.array(Message),
  nextCursor: z.nullable(Id),
  otherRead: z.nullable(ReadReceipt),
});
export type MessagePage = z.infer<typeof MessagePage>;

export const SendMessageRequest = z.strictObject({ clientMessageId: ClientMessageId, text: MessageText });
export type SendMessageRequest = z.infer<typeof SendMessageRequest>;

/** 201 the first time, 200 with the same message for a repeated `clientMessageId`. */
export const SendMessageResponse = z.object({ message: Message });
export type SendMessageResponse = z.infer<typeof SendMessageResponse>;

export const MarkReadRequest = z.strictObject({ upToMessageId: Id });
export type MarkReadRequest = z.infer<typeof MarkReadRequest>;

/** Connect a WebSocket to `url` (same origin) within 60 s; the ticket works once. */
export const RealtimeTicket = z.object({ ticket: z.string(), url: z.string(), expiresAt: IsoDateTime });
export type RealtimeTicket = z.infer<typeof RealtimeTicket>;

/** Frames from the client; `action` selects the WebSocket route (`$request.body.action`). */
export const SendMessageFrame = z.strictObject({
  action: z.literal('sendMessage'),
  conversationId: Id,
  clientMessageId: ClientMessageId,
  text: MessageText,
});
export const TypingFrame = z.strictObject({ action: z.literal('typing'), conversationId: Id });
export const MarkReadFrame = z.strictObject({
  action: z.literal('markRead'),
  conversationId: Id,
  upToMessageId: Id,
});
export const PingFrame = z.strictObject({ action: z.literal('ping') });

export const ClientFrame = z.discriminatedUnion('action', [
  SendMessageFrame,
  TypingFrame,
  MarkReadFrame,
  PingFrame,
]);
export type ClientFrame = z.infer<typeof ClientFrame>;
export type ClientAction = ClientFrame['action'];

/** API Gateway's WebSocket frame limit, enforced by the handlers in both worlds (larger: an `error` event). */
export const MAX_FRAME_BYTES = 32 * 1024;

/** Events of the chat (see events.ts for the union of all server events). */
export const MessageEvent = z.object({ type: z.literal('message'), message: Message });
/** To every connection of the sender: the message as stored (also for a repeated `clientMessageId`). */
export const MessageAckEvent = z.object({
  type: z.literal('messageAck'),
  clientMessageId: ClientMessageId,
  message: Message,
});
/** Not stored: the other side is typing in this conversation now. */
export const TypingEvent = z.object({ type: z.literal('typing'), conversationId: Id, userId: Id });
/** `userId` has read the conversation up to and including `upToMessageId`. */
export const ReadEvent = z.object({
  type: z.literal('read'),
  conversationId: Id,
  userId: Id,
  upToMessageId: Id,
});
export const PongEvent = z.object({ type: z.literal('pong') });
/**
 * The answer to a frame that failed (only to the connection that sent it): `code` as in the error envelope,
 * `clientMessageId` when the frame had one, `details` as in the envelope (fields, retryAfterSeconds).
 */
export const ErrorEvent = z.object({
  type: z.literal('error'),
  code: z.string(),
  message: z.string(),
  clientMessageId: z.optional(z.string()),
  details: z.optional(z.record(z.string(), z.unknown())),
});
