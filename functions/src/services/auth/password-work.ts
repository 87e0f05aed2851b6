import { AppError } from '../../domain/errors';

/**
 * Runs password hashing (scrypt, on libuv's thread pool) at most `concurrency` at a time, with at most
 * `maxQueued` waiting. A long-lived server shares that pool with file and blob reads: unbounded scrypt work
 * would stall every one of them behind it. When the queue is full the request is refused at once with
 * `503 service_unavailable` and `Retry-After`, before any scrypt work is done for it.
 */
export interface PasswordWorkQueue {
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Hashes running plus waiting (metrics). */
  depth?(): number;
}

export interface PasswordWorkLimits {
  concurrency: number;
  maxQueued: number;
  retryAfterSeconds: number;
}

export function createPasswordWorkQueue(limits: PasswordWorkLimits): PasswordWorkQueue {
  let running = 0;
  const waiting: (() => void)[] = [];
  const next = () => {
    running--;
    const start = waiting.shift();
    if (start) {
      running++;
      start();
    }
  };
  return {
    depth: () => running + waiting.length,
    async run(task) {
      if (running >= limits.concurrency) {
        if (waiting.length >= limits.maxQueued) {
          throw new AppError(
            'service_unavailable',
            'The server is busy checking passwords; please try again shortly',
            { retryAfterSeconds: limits.retryAfterSeconds },
            { 'retry-after': String(limits.retryAfterSeconds) },
          );
        }
        await new Promise<void>((resolve) => waiting.push(resolve));
      } else {
        running++;
      }
      try {
        return await task();
      } finally {
        next();
      }
    },
  };
}

/**
 * The scrypt slots of a server whose libuv pool has `threadPoolSize` threads: all but one, so file and blob
 * reads always find a free thread.
 */
export const passwordWorkConcurrency = (threadPoolSize: number) => Math.max(1, threadPoolSize - 1);
