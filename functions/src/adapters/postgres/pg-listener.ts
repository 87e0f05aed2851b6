import pg from 'pg';

export interface PgListenerOptions {
  /** Connection errors of the listening session (it reconnects by itself). */
  onError?: (error: Error) => void;
  /** Called after a reconnect: notifications sent while the session was down are lost. */
  onReconnect?: () => void;
  /** First reconnect delay; doubles up to MAX_RETRY_DELAY_MS. */
  retryDelayMs?: number;
}

/**
 * The longest wait between reconnect attempts: notifications are lost while the session is down, so once
 * the server is back (a restart takes seconds) the session should be too. One connect attempt per replica
 * every 2 s costs a server nothing.
 */
export const MAX_RETRY_DELAY_MS = 2_000;

/**
 * LISTEN on a dedicated session (a pooled connection would drop its LISTEN when released). The session is
 * re-established with backoff when it breaks; notifications sent meanwhile are lost (PostgreSQL queues
 * them only for sessions that are listening), which is why realtime delivery is best effort and clients
 * catch up with `after=`.
 */
export async function listenOnDedicatedSession(
  connectionString: string,
  channel: string,
  onNotification: (payload: string) => void,
  options: PgListenerOptions = {},
): Promise<() => Promise<void>> {
  let client: pg.Client | null = null;
  let stopped = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let delay = options.retryDelayMs ?? 100;

  const connect = async (): Promise<void> => {
    // A bounded connect like the pool's (an unreachable host fails the attempt, which is retried) and TCP
    // keepalive, so a session whose peer vanished without a word is noticed and re-established, not deaf.
    const session = new pg.Client({ connectionString, connectionTimeoutMillis: 5_000, keepAlive: true });
    session.on('notification', (message) => {
      if (message.channel === channel) onNotification(message.payload ?? '');
    });
    const broken = (error?: Error) => {
      if (client !== session) return;
      client = null;
      session.removeAllListeners('end');
      session.end().catch(() => undefined);
      if (error) options.onError?.(error);
      scheduleReconnect();
    };
    session.on('error', (error) => broken(error));
    session.on('end', () => broken());
    try {
      await session.connect();
      await session.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    } catch (error) {
      // Connected but LISTEN failed (the server is shutting down...): do not leave the session open.
      session.removeAllListeners('end');
      session.end().catch(() => undefined);
      throw error;
    }
    if (stopped) {
      // Stopped while this reconnect was under way: nobody would ever end this session.
      session.removeAllListeners('end');
      await session.end().catch(() => undefined);
      return;
    }
    client = session;
  };

  const scheduleReconnect = () => {
    if (stopped) return;
    retryTimer = setTimeout(() => {
      connect().then(
        () => {
          if (stopped) return;
          delay = options.retryDelayMs ?? 100;
          options.onReconnect?.();
        },
        (error: unknown) => {
          options.onError?.(error instanceof Error ? error : new Error(String(error)));
          delay = Math.min(delay * 2, MAX_RETRY_DELAY_MS);
          scheduleReconnect();
        },
      );
    }, delay);
    retryTimer.unref();
  };

  await connect();
  return async () => {
    stopped = true;
    clearTimeout(retryTimer);
    const session = client;
    client = null;
    if (session) {
      session.removeAllListeners('end');
      await session.end().catch(() => undefined);
    }
  };
}
