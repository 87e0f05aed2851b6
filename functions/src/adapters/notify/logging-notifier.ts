import type { ServerEvent } from '../../contract/events';
import type { Logger } from '../../ports/logger';
import type { Notifier } from '../../ports/notifier';

/**
 * Delivers nothing, logs what it would have pushed (type and recipients, never the payload: it holds
 * profiles). For processes without live connections (the seed script, a deployment without a WebSocket
 * API); clients see the same facts by polling (`GET /api/matches`).
 */
export function createLoggingNotifier(log: Logger): Notifier {
  return {
    async publish(userIds: readonly string[], event: ServerEvent) {
      log.debug('event not pushed: no realtime delivery here', { type: event.type, userIds: [...userIds] });
    },
    async sendToConnection(connectionId: string, event: ServerEvent) {
      log.debug('event not pushed: no realtime delivery here', { type: event.type, connectionId });
    },
    async disconnectSessions(userId: string, sessionIds: readonly string[]) {
      log.debug('no connections to close: no realtime delivery here', {
        userId,
        sessionIds: [...sessionIds],
      });
    },
  };
}
