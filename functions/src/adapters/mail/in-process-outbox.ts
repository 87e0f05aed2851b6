import { messageWithCauses } from '../../domain/errors';
import type { Logger } from '../../ports/logger';
import { type MailMessage, type MailOutbox, maskAddress, PermanentMailFailure } from '../../ports/mailer';

export interface InProcessOutboxOptions {
  /** One delivery attempt (deliverability check, then the transport); throws to be retried. */
  deliver(message: MailMessage): Promise<void>;
  /** Drops what the transport keeps of a user's mail (erasure). */
  forgetUser?(userId: string): Promise<void>;
  log: Logger;
  /** Messages waiting or being retried at most; a full queue drops the new message (logged). Default 1,000. */
  maxQueued?: number;
  /** Attempts per message, the first included. Default 6 (about a minute of retries with the defaults). */
  maxAttempts?: number;
  /** First retry delay; doubles per attempt (with jitter), capped by `maxRetryDelayMs`. Default 2 s. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Deliveries at once. Default 2. */
  concurrency?: number;
}

interface Entry {
  message: MailMessage;
  attempt: number;
}

/**
 * The lab's queue: `enqueue` returns at once and the message is delivered in the background, retried with
 * exponential backoff (transient failures: the SMTP server down, a 4xx) up to `maxAttempts`; a permanent
 * failure (the server refused the recipient) is not retried. Logs say the kind, message id, user and a masked
 * address, and the error: never the body. It lives in memory: a restart loses what is still queued (logged
 * at close), which suits mail that a user can ask for again (a new reset link).
 */
export function createInProcessOutbox(options: InProcessOutboxOptions): MailOutbox {
  const { log } = options;
  const maxQueued = options.maxQueued ?? 1_000;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 6);
  const baseDelay = options.retryDelayMs ?? 2_000;
  const maxDelay = options.maxRetryDelayMs ?? 60_000;
  const concurrency = Math.max(1, options.concurrency ?? 2);

  const ready: Entry[] = [];
  /** Entries waiting for a retry, with their timers. */
  const waiting = new Map<Entry, NodeJS.Timeout>();
  let running = 0;
  let closed = false;
  let idleWaiters: (() => void)[] = [];

  const size = () => ready.length + waiting.size + running;
  const fields = (entry: Entry) => ({
    kind: entry.message.kind,
    messageId: entry.message.id,
    userId: entry.message.userId,
    to: maskAddress(entry.message.to),
    attempt: entry.attempt,
  });
  const settleIdle = () => {
    if (size() > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  };

  const pump = () => {
    while (!closed && running < concurrency && ready.length > 0) {
      const entry = ready.shift() as Entry;
      running += 1;
      void attempt(entry).finally(() => {
        running -= 1;
        pump();
        settleIdle();
      });
    }
  };

  const attempt = async (entry: Entry) => {
    try {
      await options.deliver(entry.message);
    } catch (error) {
      const permanent = error instanceof PermanentMailFailure;
      const last = permanent || entry.attempt >= maxAttempts;
      const logFields = { ...fields(entry), error: messageWithCauses(error) };
      if (last) {
        log.error(permanent ? 'mail refused for good; not retried' : 'mail not sent; giving up', logFields);
        return;
      }
      const delay = Math.min(maxDelay, baseDelay * 2 ** (entry.attempt - 1)) * (0.75 + Math.random() * 0.5);
      log.warn('mail not sent; will retry', { ...logFields, retryInMs: Math.round(delay) });
      const next = { message: entry.message, attempt: entry.attempt + 1 };
      const timer = setTimeout(() => {
        waiting.delete(next);
        ready.push(next);
        pump();
      }, delay);
      timer.unref();
      waiting.set(next, timer);
    }
  };

  return {
    async enqueue(message) {
      const entry = { message, attempt: 1 };
      if (closed) {
        log.error('mail dropped: the outbox is closed', fields(entry));
        return;
      }
      if (size() >= maxQueued) {
        log.error('mail dropped: the outbox queue is full', { ...fields(entry), maxQueued });
        return;
      }
      ready.push(entry);
      // Never in the caller's turn: the request answers first.
      setImmediate(pump);
    },

    async forgetUser(userId) {
      for (let index = ready.length - 1; index >= 0; index -= 1) {
        if (ready[index]?.message.userId === userId) ready.splice(index, 1);
      }
      for (const [entry, timer] of waiting) {
        if (entry.message.userId !== userId) continue;
        clearTimeout(timer);
        waiting.delete(entry);
      }
      await options.forgetUser?.(userId);
      settleIdle();
    },

    pending: size,

    idle() {
      if (size() === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },

    async close() {
      closed = true;
      const dropped = ready.length + waiting.size;
      for (const timer of waiting.values()) clearTimeout(timer);
      waiting.clear();
      ready.length = 0;
      if (dropped > 0) log.warn('outbox closed with mail still queued; it is lost', { dropped });
      if (running > 0) await new Promise<void>((resolve) => idleWaiters.push(resolve));
      settleIdle();
    },
  };
}
