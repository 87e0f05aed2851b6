import { MAX_MESSAGE_LENGTH, type Message } from '@dating/functions/contract';
import {
  type KeyboardEvent,
  type ReactNode,
  useCallback,
  useEffect,
  useId,
  useMemo,
  useReducer,
  useRef,
  useState,
} from 'react';
import { Link } from 'react-router';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { PageLoader } from '../../../components/ui/page-loader';
import { paths } from '../../../config/paths';
import { ApiError } from '../../../lib/api-error';
import { type RealtimeEvent, useRealtime } from '../../../lib/realtime';
import { getMessages, getMessagesAfter, markReadRest, sendMessageRest } from '../api/messages';
import { chatReducer, createThrottle, initialChatState, lastSeenMessageId } from '../lib/chat-state';

export const TYPING_SEND_INTERVAL_MS = 3000;
export const TYPING_SHOW_MS = 5000;
/** A WebSocket send without `messageAck` in this time goes again over REST (same clientMessageId). */
const ACK_TIMEOUT_MS = 8000;

interface ChatViewProps {
  conversationId: string;
  myId: string;
  /** The other person's name, for "… is typing". */
  otherName: string;
}

const isNotFound = (error: unknown) => error instanceof ApiError && error.status === 404;
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });

/** One conversation: history, live messages, typing, read receipts and the composer. */
export function ChatView({ conversationId, myId, otherName }: ChatViewProps) {
  const [state, dispatch] = useReducer(chatReducer, initialChatState);
  const stateRef = useRef(state);
  stateRef.current = state;
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [ended, setEnded] = useState(false);
  const [olderCursor, setOlderCursor] = useState<string | null>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [typingVisible, setTypingVisible] = useState(false);
  const typingTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const ackTimers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  const logRef = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);
  const [reloadKey, setReloadKey] = useState(0);

  const handleFailure = useCallback((error: unknown) => {
    if (isNotFound(error)) setEnded(true);
  }, []);

  // First page: the newest messages; "Try again" bumps reloadKey to run it again.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reloadKey exists to re-run this effect
  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    setLoadError(null);
    getMessages(conversationId, {}, controller.signal)
      .then((page) => {
        dispatch({ type: 'received', messages: page.items, otherRead: page.otherRead });
        setOlderCursor(page.nextCursor);
        setLoading(false);
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        setLoading(false);
        if (isNotFound(error)) setEnded(true);
        else setLoadError(error instanceof Error ? error.message : 'Something went wrong.');
      });
    return () => controller.abort();
  }, [conversationId, reloadKey]);

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

  const catchUp = useCallback(async () => {
    const newest = stateRef.current.messages.at(-1);
    try {
      if (newest) {
        dispatch({ type: 'received', ...(await getMessagesAfter(conversationId, newest.id)) });
      } else {
        const page = await getMessages(conversationId);
        dispatch({ type: 'received', messages: page.items, otherRead: page.otherRead });
        setOlderCursor(page.nextCursor);
      }
    } catch (error) {
      handleFailure(error);
    }
  }, [conversationId, handleFailure]);

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
  const { status, send } = useRealtime(onEvent);

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

  const deliver = (clientMessageId: string, text: string) => {
    stickToBottom.current = true;
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

  const submit = (text: string) => {
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

  // Follow new messages when the reader is at the bottom.
  const lastKey = `${newestId ?? ''}:${state.pending.length}:${typingVisible}`;
  useEffect(() => {
    const log = logRef.current;
    if (log && stickToBottom.current && lastKey) log.scrollTop = log.scrollHeight;
  }, [lastKey]);

  const loadOlder = useCallback(async () => {
    if (!olderCursor || loadingOlder) return;
    const log = logRef.current;
    const fromBottom = log ? log.scrollHeight - log.scrollTop : 0;
    setLoadingOlder(true);
    try {
      const page = await getMessages(conversationId, { before: olderCursor });
      dispatch({ type: 'received', messages: page.items, otherRead: page.otherRead });
      setOlderCursor(page.nextCursor);
      requestAnimationFrame(() => {
        if (log) log.scrollTop = log.scrollHeight - fromBottom;
      });
    } catch (error) {
      handleFailure(error);
    } finally {
      setLoadingOlder(false);
    }
  }, [conversationId, olderCursor, loadingOlder, handleFailure]);

  // Infinite scroll up: reaching the top loads older messages.
  const topSentinel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const sentinel = topSentinel.current;
    if (!sentinel || !olderCursor || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) void loadOlder();
      },
      { root: logRef.current },
    );
    observer.observe(sentinel);
    return () => observer.disconnect();
  }, [olderCursor, loadOlder]);

  const seenId = useMemo(() => lastSeenMessageId(state, myId), [state, myId]);

  if (ended) {
    return (
      <Alert tone="info" title="This conversation has ended">
        <p>The match has ended, or one of you blocked the other.</p>
        <p>
          <Link to={paths.matches}>← All matches</Link>
        </p>
      </Alert>
    );
  }
  if (loading) return <PageLoader label="Loading messages…" />;
  if (loadError) {
    return (
      <Alert title="The messages could not be loaded." items={[loadError]}>
        <Button variant="secondary" onClick={() => setReloadKey((key) => key + 1)}>
          Try again
        </Button>
      </Alert>
    );
  }

  return (
    <div className="chat">
      {status !== 'open' && status !== 'idle' && (
        <p className="chat__status" role="status">
          {status === 'connecting' ? 'Connecting…' : 'Offline: reconnecting…'}
        </p>
      )}
      <div
        ref={logRef}
        className="chat__log"
        role="log"
        aria-live="polite"
        aria-label={`Conversation with ${otherName}`}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
        tabIndex={0}
        onScroll={(event) => {
          const log = event.currentTarget;
          stickToBottom.current = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
        }}
      >
        <div ref={topSentinel} />
        {olderCursor && (
          <p className="chat__older">
            <Button variant="quiet" onClick={() => void loadOlder()} pending={loadingOlder}>
              Load older messages
            </Button>
          </p>
        )}
        {state.messages.length === 0 && state.pending.length === 0 && (
          <p className="chat__empty">Say hello to {otherName}!</p>
        )}
        <ol className="chat__messages">
          {state.messages.map((message) => (
            <MessageBubble key={message.id} message={message} mine={message.senderId === myId}>
              {message.id === seenId && <span className="chat__seen">Seen</span>}
            </MessageBubble>
          ))}
          {state.pending.map((item) => (
            <li key={item.clientMessageId} className="chat__message chat__message--mine">
              <p className="chat__bubble chat__bubble--pending">{item.text}</p>
              {item.status === 'sending' ? (
                <span className="chat__meta">Sending…</span>
              ) : (
                <span className="chat__meta chat__meta--error">
                  Not sent{item.error ? `: ${item.error}` : ''}{' '}
                  <Button variant="quiet" onClick={() => retry(item.clientMessageId, item.text)}>
                    Retry
                  </Button>
                </span>
              )}
            </li>
          ))}
        </ol>
      </div>
      <p className="chat__typing" aria-live="polite">
        {typingVisible ? `${otherName} is typing…` : ''}
      </p>
      <Composer
        onSend={submit}
        onTyping={() => send({ action: 'typing', conversationId })}
        disabled={ended}
      />
    </div>
  );
}

function MessageBubble({
  message,
  mine,
  children,
}: {
  message: Message;
  mine: boolean;
  children?: ReactNode;
}) {
  return (
    <li className={`chat__message${mine ? ' chat__message--mine' : ''}`}>
      <p className="chat__bubble">
        <span className="visually-hidden">{mine ? 'You: ' : ''}</span>
        {message.text}
      </p>
      <span className="chat__meta">
        <time dateTime={message.createdAt}>{timeFormat.format(new Date(message.createdAt))}</time>
        {children}
      </span>
    </li>
  );
}

function Composer({
  onSend,
  onTyping,
  disabled,
}: {
  onSend: (text: string) => void;
  onTyping: () => void;
  disabled: boolean;
}) {
  const [text, setText] = useState('');
  const id = useId();
  const throttle = useRef(createThrottle(TYPING_SEND_INTERVAL_MS));
  const trimmed = text.trim();
  const canSend = trimmed.length > 0 && text.length <= MAX_MESSAGE_LENGTH && !disabled;

  const submit = () => {
    if (!canSend) return;
    onSend(trimmed);
    setText('');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <form
      className="chat__composer"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <label htmlFor={`${id}-text`} className="chat__label">
        Message
      </label>
      <textarea
        id={`${id}-text`}
        className="chat__input"
        rows={2}
        value={text}
        maxLength={MAX_MESSAGE_LENGTH}
        aria-describedby={`${id}-count ${id}-hint`}
        onKeyDown={onKeyDown}
        onChange={(event) => {
          setText(event.target.value);
          if (event.target.value.trim() && throttle.current(Date.now())) onTyping();
        }}
      />
      <div className="chat__composer-footer">
        <span id={`${id}-hint`} className="chat__hint">
          Enter sends, Shift+Enter adds a line.
        </span>
        <span id={`${id}-count`} className="chat__count">
          {text.length}/{MAX_MESSAGE_LENGTH}
          <span className="visually-hidden"> characters</span>
        </span>
        <Button type="submit" disabled={!canSend}>
          Send
        </Button>
      </div>
    </form>
  );
}
