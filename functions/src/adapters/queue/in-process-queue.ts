import { messageWithCauses } from '../../domain/errors';
import type { Logger } from '../../ports/logger';

export interface InProcessQueueOptions<Job> {
  /** One attempt; throws to be retried (unless `isPermanent` says the failure is for good). */
  deliver(job: Job): Promise<void>;
  /** A failure no retry can fix: logged, not retried. */
  isPermanent?(error: unknown): boolean;
  /** What logs say about a job: ids and kinds, never its content. */
  describe(job: Job): Record<string, unknown>;
  /** The account a job is about, for `forget`. */
  userIdOf(job: Job): string;
  log: Logger;
  /** What the log lines call a job (`mail`, `push notification`) and the queue (`outbox`, `push queue`). */
  what: string;
  queueName: string;
  /** Jobs waiting or being retried at most; a full queue drops the new job (logged). Default 1,000. */
  maxQueued?: number;
  /** Attempts per job, the first included. Default 6 (about a minute of retries with the defaults). */
  maxAttempts?: number;
  /** First retry delay; doubles per attempt (with jitter), capped by `maxRetryDelayMs`. Default 2 s. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Deliveries at once. Default 2. */
  concurrency?: number;
}

export interface InProcessQueue<Job> {
  /** Returns at once; the job runs after the caller's turn (the request answers first). */
  enqueue(job: Job): void;
  /** Drops the user's queued jobs (erasure). */
  forget(userId: string): void;
  /** Resolves when nothing is queued or in flight (tests, graceful shutdown). */
  idle(): Promise<void>;
  /** Jobs queued, waiting for a retry or in flight (the `queue_depth` metric). */
  pending(): number;
  close(): Promise<void>;
}

interface Entry<Job> {
  job: Job;
  attempt: number;
}

/**
 * The lab's background queue (mail, push): jobs run in the background, retried with exponential backoff up to
 * `maxAttempts`; a permanent failure is not retried. It lives in memory: a restart loses what is still queued
 * (logged at close), which suits work a user can ask for again or that a later event repeats.
 */
export function createInProcessQueue<Job>(options: InProcessQueueOptions<Job>): InProcessQueue<Job> {
  const { log, what, queueName } = options;
  const maxQueued = options.maxQueued ?? 1_000;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 6);
  const baseDelay = options.retryDelayMs ?? 2_000;
  const maxDelay = options.maxRetryDelayMs ?? 60_000;
  const concurrency = Math.max(1, options.concurrency ?? 2);

  const ready: Entry<Job>[] = [];
  /** Entries waiting for a retry, with their timers. */
  const waiting = new Map<Entry<Job>, NodeJS.Timeout>();
  let running = 0;
  let closed = false;
  let idleWaiters: (() => void)[] = [];

  const size = () => ready.length + waiting.size + running;
  const fields = (entry: Entry<Job>) => ({ ...options.describe(entry.job), attempt: entry.attempt });
  const settleIdle = () => {
    if (size() > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  };

  const pump = () => {
    while (!closed && running < concurrency && ready.length > 0) {
      const entry = ready.shift() as Entry<Job>;
      running += 1;
      void attempt(entry).finally(() => {
        running -= 1;
        pump();
        settleIdle();
      });
    }
  };

  const attempt = async (entry: Entry<Job>) => {
    try {
      await options.deliver(entry.job);
    } catch (error) {
      const permanent = options.isPermanent?.(error) ?? false;
      const last = permanent || entry.attempt >= maxAttempts;
      const logFields = { ...fields(entry), error: messageWithCauses(error) };
      if (last) {
        log.error(
          permanent ? `${what} refused for good; not retried` : `${what} not sent; giving up`,
          logFields,
        );
        return;
      }
      const delay = Math.min(maxDelay, baseDelay * 2 ** (entry.attempt - 1)) * (0.75 + Math.random() * 0.5);
      log.warn(`${what} not sent; will retry`, { ...logFields, retryInMs: Math.round(delay) });
      const next = { job: entry.job, attempt: entry.attempt + 1 };
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
    enqueue(job) {
      const entry = { job, attempt: 1 };
      if (closed) {
        log.error(`${what} dropped: the ${queueName} is closed`, fields(entry));
        return;
      }
      if (size() >= maxQueued) {
        log.error(`${what} dropped: the ${queueName} queue is full`, { ...fields(entry), maxQueued });
        return;
      }
      ready.push(entry);
      // Never in the caller's turn: the request answers first.
      setImmediate(pump);
    },

    forget(userId) {
      for (let index = ready.length - 1; index >= 0; index -= 1) {
        const entry = ready[index];
        if (entry && options.userIdOf(entry.job) === userId) ready.splice(index, 1);
      }
      for (const [entry, timer] of waiting) {
        if (options.userIdOf(entry.job) !== userId) continue;
        clearTimeout(timer);
        waiting.delete(entry);
      }
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
      if (dropped > 0) log.warn(`${queueName} closed with ${what} still queued; it is lost`, { dropped });
      if (running > 0) await new Promise<void>((resolve) => idleWaiters.push(resolve));
      settleIdle();
    },
  };
}
