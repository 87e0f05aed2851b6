import type { Message, ReadReceipt } from '@dating/functions/contract';

/** A message of mine the server has not confirmed yet. */
export interface PendingMessage {
  clientMessageId: string;
  text: string;
  status: 'sending' | 'failed';
  error?: string;
}

export interface ChatState {
  /** Confirmed messages, oldest first, each id once. */
  messages: Message[];
  /** Mine, waiting for `messageAck` or the 201 (in the order they were written). */
  pending: PendingMessage[];
  /** The other side read up to this message id (ids are ULIDs: string order is time order). */
  seenUpTo: string | null;
}

export type ChatAction =
  /** Messages from an event or a page; a page also says how far the other side has read (`otherRead`). */
  | { type: 'received'; messages: readonly Message[]; otherRead?: ReadReceipt | null }
  | { type: 'queued'; clientMessageId: string; text: string }
  | { type: 'failed'; clientMessageId: string; error: string }
  | { type: 'retrying'; clientMessageId: string }
  | { type: 'read'; upToMessageId: string };

export const initialChatState: ChatState = { messages: [], pending: [], seenUpTo: null };

const byId = (a: Message, b: Message) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The other side's marker never moves back (a `read` event and an older page may arrive in any order). */
const seenUpTo = (current: string | null, upTo: string | null | undefined): string | null =>
  upTo && (current === null || upTo > current) ? upTo : current;

/** Adds messages (any order, repeats welcome: delivery is at least once) and keeps the list sorted by id. */
export function mergeMessages(current: readonly Message[], incoming: readonly Message[]): Message[] {
  if (incoming.length === 0) return current as Message[];
  const all = new Map(current.map((message) => [message.id, message]));
  let changed = false;
  for (const message of incoming) {
    if (!all.has(message.id)) {
      all.set(message.id, message);
      changed = true;
    }
  }
  return changed ? [...all.values()].sort(byId) : (current as Message[]);
}

export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case 'received': {
      const confirmed = new Set(action.messages.map((message) => message.clientMessageId));
      const messages = mergeMessages(state.messages, action.messages);
      const pending = state.pending.filter((item) => !confirmed.has(item.clientMessageId));
      const seen = seenUpTo(state.seenUpTo, action.otherRead?.upToMessageId);
      if (messages === state.messages && pending.length === state.pending.length && seen === state.seenUpTo) {
        return state;
      }
      return { ...state, messages, pending, seenUpTo: seen };
    }
    case 'queued': {
      if (state.pending.some((item) => item.clientMessageId === action.clientMessageId)) return state;
      return {
        ...state,
        pending: [
          ...state.pending,
          { clientMessageId: action.clientMessageId, text: action.text, status: 'sending' },
        ],
      };
    }
    case 'failed':
    case 'retrying': {
      let changed = false;
      const pending = state.pending.map((item): PendingMessage => {
        if (item.clientMessageId !== action.clientMessageId) return item;
        changed = true;
        return action.type === 'failed'
          ? { ...item, status: 'failed', error: action.error }
          : { clientMessageId: item.clientMessageId, text: item.text, status: 'sending' };
      });
      return changed ? { ...state, pending } : state;
    }
    case 'read': {
      const seen = seenUpTo(state.seenUpTo, action.upToMessageId);
      return seen === state.seenUpTo ? state : { ...state, seenUpTo: seen };
    }
  }
}

/** My newest confirmed message, and whether the other side has read it. */
export function lastSeenMessageId(state: ChatState, myId: string): string | null {
  for (let index = state.messages.length - 1; index >= 0; index -= 1) {
    const message = state.messages[index];
    if (message && message.senderId === myId) {
      return state.seenUpTo !== null && state.seenUpTo >= message.id ? message.id : null;
    }
  }
  return null;
}

/** True at most once per `intervalMs`: the composer sends `typing` through it. */
export function createThrottle(intervalMs: number) {
  let last = Number.NEGATIVE_INFINITY;
  return (now: number): boolean => {
    if (now - last < intervalMs) return false;
    last = now;
    return true;
  };
}
