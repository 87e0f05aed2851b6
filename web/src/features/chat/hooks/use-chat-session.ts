import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { ApiError, isEmailUnverified } from '../../../lib/api-error';
import { type RealtimeClient, type RealtimeEvent, realtime, useRealtime } from '../../../lib/realtime';
import { getMessagesAfter, useMessages } from '../api/get-messages';
import { markReadRest } from '../api/mark-read';
import { sendMessageRest } from '../api/send-message';
import { type ChatState, chatReducer, initialChatState, lastSeenMessageId } from '../lib/chat-state';

/** How long "… is typing" stays without a new `typing` event. */
export const TYPING_SHOW_MS = 5000;
/** A WebSocket send without `messageAck` in this time goes again over REST (same clientMessageId). */
export const ACK_TIMEOUT_MS = 8000;

const isNotFound = (error: unknown) => error instanceof ApiError && error.status === 404;

interface ChatSessionOptions {
  conversationId: string;
  myId: string;
  /** The app's one connection unless a test passes another. */
  client?: RealtimeClient;
}

/**
 * One open conversation: the history (paged through TanStack Query), live messages, acknowledgements with a
 * REST fallback, typing, read markers both ways, and catching up after the connection comes back.
 */
export function useChatSession({ conversationId, myId, client = realtime }: ChatSessionOptions) {
  const history = useMessages(conversationId);
  /** What arrived or was written during this visit; the history pages are applied on top (the reducer merges repeats). */
  const [live, dispatch] = useReducer(chatReducer, initialChatState);
  const pages = history.data?.pages;
  const state: ChatState = useMemo(
    () =>
      (pages ?? []).reduce(
        (current, page) =>
          chatReducer(current, { type: 'received', messages: page.items, otherRead: page.otherRead }),
        live,
      ),
    [pages, live],
  );
  const stateRef = useRef(state);
  stateRef.current = state;

  const [endedByEvent, setEnded] = useState(false);
  /** The server requires a confirmed address before messages, and mine is not confirmed yet. */
  const [unverified, setUnverified] = useState(false);
  const ended = endedByEvent || isNotFound(history.error);
  const [typingVisible, setTypingVisible] = useState(false);
  const typingTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const ackTimers = useRef(new Map<string, ReturnType<typeof setTimeout>>());

  const handleFailure = useCallback((error: unknown) => {
    if (isNotFound(error)) setEnded(true);
    if (isEmailUnverified(error)) setUnverified(true);
  }, []);

  const clearAckTimer = (clientMessageId: string) => {
    const timer = ackTimers.current.get(clientMessageId);
    if (timer) clearTimeout(timer);
    ackTimers.current.delete(clientMessageId);
  };
  useEffect(() => {
    const timers = ackTimers.current;
    return () => {
      for (const timer of timers.values()) clearTimeout(timer);
      if (typingTimer.current) clearTimeout(typingTimer.current);
    };
  }, []);

  const { refetch } = history;
  const catchUp = useCallback(async () => {
    const newest = stateRef.current.messages.at(-1);
    if (!newest) {
      const result = await refetch();
      if (result.error) handleFailure(result.error);
      return;
    }
    try {
      dispatch({ type: 'received', ...(await getMessagesAfter(conversationId, newest.id)) });
    } catch (error) {
      handleFailure(error);
    }
  }, [conversationId, handleFailure, refetch]);

  const onEvent = (event: RealtimeEvent) => {
    switch (event.type) {
      case 'message':
      case 'messageAck':
        if (event.message.conversationId !== conversationId) return;
        clearAckTimer(event.message.clientMessageId);
        dispatch({ type: 'received', messages: [event.message] });
        if (event.type === 'message' && event.message.senderId !== myId) setTypingVisible(false);
        return;
      case 'typing':
        if (event.conversationId !== conversationId || event.userId === myId) return;
        setTypingVisible(true);
        if (typingTimer.current) clearTimeout(typingTimer.current);
        typingTimer.current = setTimeout(() => setTypingVisible(false), TYPING_SHOW_MS);
        return;
      case 'read':
        if (event.conversationId === conversationId && event.userId !== myId) {
          dispatch({ type: 'read', upToMessageId: event.upToMessageId });
        }
        return;
      case 'error':
        if (event.clientMessageId && ackTimers.current.has(event.clientMessageId)) {
          clearAckTimer(event.clientMessageId);
          if (event.code === 'not_found') setEnded(true);
          if (event.code === 'email_unverified') setUnverified(true);
          dispatch({ type: 'failed', clientMessageId: event.clientMessageId, error: event.message });
        }
        return;
      case 'unmatched':
        if (event.matchId === conversationId) setEnded(true);
        return;
      case 'reconnected':
        void catchUp();
        return;
      default:
        return;
    }
  };
  const { status, send } = useRealtime(onEvent, client);

  const sendRest = useCallback(
    async (clientMessageId: string, text: string) => {
      try {
        const message = await sendMessageRest(conversationId, clientMessageId, text);
        dispatch({ type: 'received', messages: [message] });
      } catch (error) {
        handleFailure(error);
        const reason = error instanceof Error ? error.message : 'Not sent.';
        dispatch({ type: 'failed', clientMessageId, error: reason });
      }
    },
    [conversationId, handleFailure],
  );

  /** Over the socket with an acknowledgement deadline, or over REST when the socket is not open. */
  const deliver = (clientMessageId: string, text: string) => {
    const viaSocket = send({ action: 'sendMessage', conversationId, clientMessageId, text });
    if (!viaSocket) {
      void sendRest(clientMessageId, text);
      return;
    }
    clearAckTimer(clientMessageId);
    ackTimers.current.set(
      clientMessageId,
      setTimeout(() => {
        ackTimers.current.delete(clientMessageId);
        const stillPending = stateRef.current.pending.some(
          (item) => item.clientMessageId === clientMessageId && item.status === 'sending',
        );
        if (stillPending) void sendRest(clientMessageId, text);
      }, ACK_TIMEOUT_MS),
    );
  };

  const sendMessage = (text: string) => {
    const clientMessageId = crypto.randomUUID();
    dispatch({ type: 'queued', clientMessageId, text });
    deliver(clientMessageId, text);
  };

  const retry = (clientMessageId: string, text: string) => {
    dispatch({ type: 'retrying', clientMessageId });
    deliver(clientMessageId, text);
  };

  // Read receipts: the newest message, whenever the page is visible.
  const newestId = state.messages.at(-1)?.id;
  const markedUpTo = useRef<string | null>(null);
  useEffect(() => {
    if (!newestId || ended) return;
    const mark = () => {
      if (document.visibilityState !== 'visible') return;
      if (markedUpTo.current !== null && markedUpTo.current >= newestId) return;
      markedUpTo.current = newestId;
      const viaSocket = send({ action: 'markRead', conversationId, upToMessageId: newestId });
      if (!viaSocket) void markReadRest(conversationId, newestId).catch(handleFailure);
    };
    mark();
    document.addEventListener('visibilitychange', mark);
    return () => document.removeEventListener('visibilitychange', mark);
  }, [newestId, conversationId, ended, send, handleFailure]);

  const { fetchNextPage, hasNextPage, isFetchingNextPage } = history;
  const loadOlder = useCallback(async () => {
    if (!hasNextPage || isFetchingNextPage) return;
    const result = await fetchNextPage({ cancelRefetch: false });
    if (result.error) handleFailure(result.error);
  }, [fetchNextPage, hasNextPage, isFetchingNextPage, handleFailure]);

  const loadFailed = !history.data && history.status === 'error' && !history.isFetching;
  return {
    /** Confirmed messages (oldest first), my pending ones, and how far the other side read. */
    state,
    /** My newest message when the other side has read it: it carries "Seen". */
    seenId: useMemo(() => lastSeenMessageId(state, myId), [state, myId]),
    ended,
    unverified,
    /** The first page is on its way (again, after "Try again"). */
    loading: !history.data && (history.status === 'pending' || history.isFetching),
    /** Why the first page failed; null when it did not (or when the conversation ended). */
    loadError:
      loadFailed && !ended
        ? history.error instanceof Error
          ? history.error.message
          : 'Something went wrong.'
        : null,
    reload: () => void refetch(),
    hasOlder: hasNextPage,
    loadingOlder: isFetchingNextPage,
    loadOlder,
    typingVisible,
    connection: status,
    sendMessage,
    retry,
    sendTyping: () => send({ action: 'typing', conversationId }),
  };
}

export type ChatSession = ReturnType<typeof useChatSession>;
