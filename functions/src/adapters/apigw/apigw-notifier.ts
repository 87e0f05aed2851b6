import type { ConnectionRepository } from '../../ports/chat';
import type { Clock } from '../../ports/clock';
import type { Logger } from '../../ports/logger';
import type { Notifier } from '../../ports/notifier';
import {
  type AwsClientOptions,
  type AwsRequester,
  createAwsRequester,
  jsonApiError,
} from '../aws/signed-request';
import { type ConnectionPoster, createConnectionNotifier } from '../notify/connection-notifier';

/**
 * PostToConnection (`POST {callbackUrl}/@connections/{connectionId}`), a signed request (no SDK client: see
 * adapters/aws/signed-request.ts). 410 GoneException: the client went away without a `$disconnect` reaching
 * us (or it is still on its way), so the caller deletes the record.
 */
export function apiGatewayPoster(send: AwsRequester, callbackUrl: string): ConnectionPoster {
  const base = callbackUrl.replace(/\/+$/, '');
  return {
    async post(connectionId, data) {
      const response = await send({
        service: 'execute-api',
        method: 'POST',
        url: new URL(`${base}/@connections/${encodeURIComponent(connectionId)}`),
        body: data,
      });
      if (response.status === 410) return 'gone';
      if (response.status < 200 || response.status >= 300) throw jsonApiError(response, 'PostToConnection');
      return 'delivered';
    },
    /** DeleteConnection (`DELETE {callbackUrl}/@connections/{connectionId}`); 410: already gone. */
    async close(connectionId) {
      const response = await send({
        service: 'execute-api',
        method: 'DELETE',
        url: new URL(`${base}/@connections/${encodeURIComponent(connectionId)}`),
      });
      if (response.status === 410) return;
      if (response.status < 200 || response.status >= 300) throw jsonApiError(response, 'DeleteConnection');
    },
  };
}

export interface ApiGatewayNotifierOptions {
  /**
   * The WebSocket API's callback URL, `https://{apiId}.execute-api.{region}.amazonaws.com/{stage}` (a custom
   * domain does not serve the management API).
   */
  callbackUrl: string;
  connections: ConnectionRepository;
  clock: Clock;
  log: Logger;
  /** Region, credentials, retries (tests point it at a local fake of the management API). */
  clientConfig?: Partial<AwsClientOptions>;
}

/** The Notifier on AWS: every live connection of the recipients (from the table) gets a PostToConnection. */
export function createApiGatewayNotifier(options: ApiGatewayNotifierOptions): Notifier & { destroy(): void } {
  const send = createAwsRequester({
    // The callback URL's region (`{apiId}.execute-api.{region}.amazonaws.com`) unless configured.
    region: /\.execute-api\.([a-z0-9-]+)\./.exec(options.callbackUrl)?.[1] ?? 'us-east-1',
    // A stale connection answers at once; a slow endpoint must not hold the sender's request for long.
    maxAttempts: 2,
    ...options.clientConfig,
  });
  const notifier = createConnectionNotifier({
    connections: options.connections,
    poster: apiGatewayPoster(send, options.callbackUrl),
    clock: options.clock,
    log: options.log,
  });
  return { ...notifier, destroy: () => send.destroy() };
}
