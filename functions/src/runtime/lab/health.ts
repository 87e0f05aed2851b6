import type { ServerResponse } from 'node:http';
import { messageWithCauses } from '../../domain/errors';
import type { Logger } from '../../ports/logger';
import type { Store } from '../../ports/repositories';
import { sendJson } from './json-response';
import { withTimeout } from './promise-timeout';

export const READINESS_TIMEOUT_MS = 2_000;

/** `/healthz`: the process is alive and serving; nothing else is checked, so a slow store never restarts it. */
export function answerLiveness(response: ServerResponse): void {
  sendJson(response, 200, { status: 'ok' });
}

/**
 * `/readyz`: the store answers a ping within 2 s, asked anew on every probe (never a remembered answer), so
 * it turns 503 as soon as the database goes away and 200 as soon as it is back; `/healthz` stays 200
 * meanwhile, so a database restart takes replicas out of the Service without restarting them. While
 * draining (after SIGTERM) it answers 503 at once, so the load balancer stops sending new requests before the
 * process goes away.
 */
export async function answerReadiness(
  response: ServerResponse,
  store: Store,
  draining: boolean,
  log: Logger,
): Promise<void> {
  if (draining) {
    sendJson(response, 503, { status: 'unavailable', reason: 'shutting down' });
    return;
  }
  const failure = await withTimeout(store.ping(), READINESS_TIMEOUT_MS).then(
    (answer) => (answer === 'timeout' ? `no answer within ${READINESS_TIMEOUT_MS} ms` : null),
    (error: unknown) => messageWithCauses(error),
  );
  if (failure === null) {
    sendJson(response, 200, { status: 'ok' });
    return;
  }
  log.warn('readiness check failed', { store: store.kind, error: failure });
  sendJson(response, 503, { status: 'unavailable', reason: 'store unreachable' });
}
