import type { Message } from '@dating/functions/contract';
import { type ReactNode, type RefObject, useCallback, useEffect, useLayoutEffect, useRef } from 'react';
import { Button } from '../../../components/ui/button';
import type { ChatState } from '../lib/chat-state';

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });

interface MessageListProps {
  state: ChatState;
  myId: string;
  otherName: string;
  /** My message that carries "Seen". */
  seenId: string | null;
  typingVisible: boolean;
  hasOlder: boolean;
  loadingOlder: boolean;
  onLoadOlder: () => void | Promise<void>;
  onRetry: (clientMessageId: string, text: string) => void;
  /**
   * Whether new messages scroll the log to the end: true while the reader is at the bottom; the view sets it
   * when I send, so my own message always comes into sight.
   */
  follow: RefObject<boolean>;
}

/**
 * The conversation log: older pages load when the top comes into view (the reading position stays put),
 * new messages follow the reader at the bottom; my pending messages show "Sending…" or "Not sent" with Retry.
 */
export function MessageList({
  state,
  myId,
  otherName,
  seenId,
  typingVisible,
  hasOlder,
  loadingOlder,
  onLoadOlder,
  onRetry,
  follow,
}: MessageListProps) {
  const logRef = useRef<HTMLDivElement>(null);
  const topSentinel = useRef<HTMLDivElement>(null);
  /** Distance from the bottom before older messages were asked for, to keep the reading position. */
  const restoreFromBottom = useRef<number | null>(null);

  // Follow new messages when the reader is at the bottom.
  const newestId = state.messages.at(-1)?.id;
  const lastKey = `${newestId ?? ''}:${state.pending.length}:${typingVisible}`;
  useEffect(() => {
    const log = logRef.current;
    if (log && follow.current && lastKey) log.scrollTop = log.scrollHeight;
  }, [lastKey, follow]);

  const loadOlder = useCallback(() => {
    if (!hasOlder || loadingOlder) return;
    const log = logRef.current;
    restoreFromBottom.current = log ? log.scrollHeight - log.scrollTop : null;
    void onLoadOlder();
  }, [hasOlder, loadingOlder, onLoadOlder]);

  // Older messages went in above: put the reader back where they were.
  const oldestId = state.messages[0]?.id;
  useLayoutEffect(() => {
    const log = logRef.current;
    const fromBottom = restoreFromBottom.current;
    if (!log || fromBottom === null || !oldestId) return;
    restoreFromBottom.current = null;
    log.scrollTop = log.scrollHeight - fromBottom;
  }, [oldestId]);

  // Infinite scroll up: reaching the top loads older messages.
  useEffect(() => {
    const sentinel = topSentinel.current;
    if (!sentinel || !hasOlder || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) loadOlder();
      },
      { root: logRef.current },
    );
    observer.observe(sentinel);
    return () => observer.disconnect();
  }, [hasOlder, loadOlder]);

  return (
    <>
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
          follow.current = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
        }}
      >
        <div ref={topSentinel} />
        {hasOlder && (
          <p className="chat__older">
            <Button variant="quiet" onClick={loadOlder} pending={loadingOlder}>
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
                  <Button
                    variant="quiet"
                    onClick={() => {
                      follow.current = true;
                      onRetry(item.clientMessageId, item.text);
                    }}
                  >
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
    </>
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
