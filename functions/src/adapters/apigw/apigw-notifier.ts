import {
  ApiGatewayManagementApiClient,
  type ApiGatewayManagementApiClientConfig,
  DeleteConnectionCommand,
  GoneException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import type { ConnectionRepository } from '../../ports/chat';
import type { Clock } from '../../ports/clock';
import type { Logger } from '../../ports/logger';
import type { Notifier } from '../../ports/notifier';
import { configuredEndpoint } from '../aws/endpoints';
import { type ConnectionPoster, createConnectionNotifier } from '../notify/connection-notifier';

/**
 * PostToConnection (`POST {callbackUrl}/@connections/{connectionId}`) through the API Gateway Management API
 * client (its retries, clock-skew correction and signing). 410 GoneException: the client went away without
 * a `$disconnect` reaching us (or it is still on its way), so the caller deletes the record.
 */
export function apiGatewayPoster(client: ApiGatewayManagementApiClient): ConnectionPoster {
  const encoder = new TextEncoder();
  return {
    async post(connectionId, data) {
      try {
        await client.send(
          new PostToConnectionCommand({ ConnectionId: connectionId, Data: encoder.encode(data) }),
        );
        return 'delivered';
      } catch (error) {
        if (error instanceof GoneException) return 'gone';
        throw error;
      }
    },
    /** DeleteConnection (`DELETE {callbackUrl}/@connections/{connectionId}`); 410: already gone. */
    async close(connectionId) {
      try {
        await client.send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
      } catch (error) {
        if (error instanceof GoneException) return;
        throw error;
      }
    },
  };
}

export type ApiGatewayClientConfig = Pick<
  ApiGatewayManagementApiClientConfig,
  'region' | 'credentials' | 'maxAttempts' | 'retryStrategy'
>;

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
  clientConfig?: ApiGatewayClientConfig;
  /** Where the SDK's endpoint variables are read (default: the process environment). */
  env?: Record<string, string | undefined>;
}

/**
 * The management endpoint: the callback URL, unless the SDK's endpoint variables
 * (`AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI`, `AWS_ENDPOINT_URL`) name another host (local stand-ins, as for
 * every other AWS service); the callback URL's stage path is kept either way.
 */
export function managementEndpoint(callbackUrl: string, env = process.env): string {
  const configured = configuredEndpoint('ApiGatewayManagementApi', env);
  const url = callbackUrl.replace(/\/+$/, '');
  if (configured === undefined) return url;
  return `${configured.replace(/\/+$/, '')}${new URL(url).pathname.replace(/\/+$/, '')}`;
}

/**
 * A stale connection answers at once; a slow endpoint must not hold the sender's request for long: 1 s to
 * connect, 2 s to answer, two attempts.
 */
const CLIENT_DEFAULTS = {
  maxAttempts: 2,
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000, throwOnRequestTimeout: true },
} satisfies Partial<ApiGatewayManagementApiClientConfig>;

/** The Notifier on AWS: every live connection of the recipients (from the table) gets a PostToConnection. */
export function createApiGatewayNotifier(options: ApiGatewayNotifierOptions): Notifier & { destroy(): void } {
  const client = new ApiGatewayManagementApiClient({
    // The callback URL's region (`{apiId}.execute-api.{region}.amazonaws.com`) unless configured.
    region: /\.execute-api\.([a-z0-9-]+)\./.exec(options.callbackUrl)?.[1] ?? 'us-east-1',
    endpoint: managementEndpoint(options.callbackUrl, options.env),
    ...CLIENT_DEFAULTS,
    ...options.clientConfig,
  });
  const notifier = createConnectionNotifier({
    connections: options.connections,
    poster: apiGatewayPoster(client),
    clock: options.clock,
    log: options.log,
  });
  return { ...notifier, destroy: () => client.destroy() };
}
