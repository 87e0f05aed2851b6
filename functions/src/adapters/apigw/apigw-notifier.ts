import {
  ApiGatewayManagementApiClient,
  type ApiGatewayManagementApiClientConfig,
  GoneException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import type { ConnectionRepository } from '../../ports/chat';
import type { Clock } from '../../ports/clock';
import type { Logger } from '../../ports/logger';
import type { Notifier } from '../../ports/notifier';
import { type ConnectionPoster, createConnectionNotifier } from '../notify/connection-notifier';

const encoder = new TextEncoder();

const httpStatusOf = (error: unknown): number | undefined =>
  typeof error === 'object' && error !== null && '$metadata' in error
    ? (error.$metadata as { httpStatusCode?: number } | undefined)?.httpStatusCode
    : undefined;

/**
 * PostToConnection (`POST {callbackUrl}/@connections/{connectionId}`). 410 GoneException: the client went
 * away without a `$disconnect` reaching us (or it is still on its way), so the caller deletes the record.
 */
export function apiGatewayPoster(client: ApiGatewayManagementApiClient): ConnectionPoster {
  return {
    async post(connectionId, data) {
      try {
        await client.send(
          new PostToConnectionCommand({ ConnectionId: connectionId, Data: encoder.encode(data) }),
        );
        return 'delivered';
      } catch (error) {
        if (error instanceof GoneException || httpStatusOf(error) === 410) return 'gone';
        throw error;
      }
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
  clientConfig?: Omit<ApiGatewayManagementApiClientConfig, 'endpoint'>;
}

/** The Notifier on AWS: every live connection of the recipients (from the table) gets a PostToConnection. */
export function createApiGatewayNotifier(options: ApiGatewayNotifierOptions): Notifier & { destroy(): void } {
  const client = new ApiGatewayManagementApiClient({
    // A stale connection answers at once; a slow endpoint must not hold the sender's request for long.
    maxAttempts: 2,
    ...options.clientConfig,
    endpoint: options.callbackUrl,
  });
  const notifier = createConnectionNotifier({
    connections: options.connections,
    poster: apiGatewayPoster(client),
    clock: options.clock,
    log: options.log,
  });
  return { ...notifier, destroy: () => client.destroy() };
}
