/** Repositories of the chat and of realtime delivery (docs/architecture.md, Realtime). */

export interface MessageRecord {
  /** ULID: messages are ordered by id. */
  id: string;
  /** The match id. */
  conversationId: string;
  senderId: string;
  /** Trimmed, 1..2000 characters. */
  text: string;
  clientMessageId: string;
  createdAt: string;
}

/** A conversation is an active match: its id and its two parties (ids in string order). */
export interface ConversationRef {
  id: string;
  userLow: string;
  userHigh: string;
}

export type SendResult =
  /** Stored now. */
  | { status: 'created'; message: MessageRecord }
  /** The sender already sent this `clientMessageId` here: the first message, nothing stored. */
  | { status: 'duplicate'; message: MessageRecord }
  /** The match is ended or gone: nothing stored. */
  | { status: 'closed' };

export interface MessagePageRequest {
  /** Older than this id, newest first. */
  before?: string;
  /** Newer than this id, oldest first. */
  after?: string;
  /** Neither: the newest, newest first. */
  limit: number;
}

export interface ReadMarker {
  conversationId: string;
  userId: string;
  /** Everything up to and including this message id counts as read by `userId`. */
  upToMessageId: string;
  updatedAt: string;
}

export type MarkReadResult = 'moved' | 'unchanged' | 'unknown_message';

/** What `GET /api/matches` shows of a conversation, for one of its parties. */
export interface ConversationState {
  /** The newest message, either side's; null while there is none. */
  lastMessage: MessageRecord | null;
  /** Messages of the other party after this party's read marker. */
  unreadCount: number;
}

export interface ConversationRepository {
  /**
   * Stores the message unless the sender already sent `clientMessageId` in this conversation: exactly one
   * message per (conversation, sender, clientMessageId) however many retries race. In the same atomic step:
   * refuses (`closed`) when the match is not active, and moves the match's last activity, last message and
   * the other party's unread count. The sender must be a party (the service checks it).
   */
  send(conversation: ConversationRef, message: MessageRecord): Promise<SendResult>;
  /** One page of the conversation (see MessagePageRequest); `limit` items at most. */
  list(conversationId: string, page: MessagePageRequest): Promise<MessageRecord[]>;
  /** The messages of this conversation among `messageIds` (unknown ids are left out), oldest first. */
  getMany(conversationId: string, messageIds: readonly string[]): Promise<MessageRecord[]>;
  /**
   * Moves `userId`'s read marker forward to `upToMessageId` (a message of this conversation): never backwards
   * (`unchanged` when it is not newer), `unknown_message` when no such message is in the conversation.
   */
  markRead(
    conversation: ConversationRef,
    userId: string,
    upToMessageId: string,
    at: string,
  ): Promise<MarkReadResult>;
  /** `userId`'s marker here, null until they read anything (the other party sees it with each page). */
  readMarker(conversationId: string, userId: string): Promise<ReadMarker | null>;
}

export interface RealtimeTicketRecord {
  /** SHA-256 of the ticket (base64url): a leaked table does not leak usable tickets. */
  ticketHash: string;
  userId: string;
  /** The session (refresh-token family) of the access token that asked for the ticket. */
  sessionId?: string;
  createdAt: string;
  expiresAt: string;
}

/** Whom a consumed ticket stands for. */
export interface RealtimeTicketHolder {
  userId: string;
  sessionId: string | null;
}

export interface RealtimeTicketRepository {
  create(ticket: RealtimeTicketRecord): Promise<void>;
  /**
   * Takes the ticket away (atomically: of concurrent calls at most one gets it) and answers its user and
   * session, or null when it is unknown, used, or expired at `now`.
   */
  consume(ticketHash: string, now: string): Promise<RealtimeTicketHolder | null>;
}

export interface ConnectionRecord {
  /** API Gateway's connectionId (the lab gateway makes ids of the same shape). */
  id: string;
  userId: string;
  /** The session it was opened in (ending the session closes it); absent for older connections. */
  sessionId?: string;
  connectedAt: string;
  /** API Gateway closes a connection after 2 h; the record expires with it (TTL). */
  expiresAt: string;
}

export interface ConnectionRepository {
  add(connection: ConnectionRecord): Promise<void>;
  /** Null when unknown or expired at `now`. */
  get(connectionId: string, now: string): Promise<ConnectionRecord | null>;
  /** Deletes the connection and answers what was deleted (null when there was nothing). */
  remove(connectionId: string): Promise<ConnectionRecord | null>;
  /** The live connections of these users (unexpired at `now`): one request per user at most. */
  listByUsers(userIds: readonly string[], now: string): Promise<ConnectionRecord[]>;
}
