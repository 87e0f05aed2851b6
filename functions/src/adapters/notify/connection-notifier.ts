import type { ServerEvent } from '../../contract/events';
import type { ConnectionRepository } from '../../ports/chat';
import type { Clock } from '../../ports/clock';
import type { Logger } from '../../ports/logger';
import type { Notifier } from '../../ports/notifier';

/** `gone`: the gateway does not know the connection any more (API Gateway's 410 GoneException). */
export type PostOutcome = 'delivered' | 'gone';

/** Delivers one frame to one connection: API Gateway's PostToConnection, or the lab gateway's equivalent. */
export interface ConnectionPoster {
  post(connectionId: string, data: string): Promise<PostOutcome>;
  /** Closes the connection (API Gateway's DeleteConnection); one already gone is fine. */
  close(connectionId: string): Promise<void>;
}

export interface ConnectionNotifierOptions {
  connections: ConnectionRepository;
  poster: ConnectionPoster;
  clock: Clock;
  log: Logger;
}

/**
 * The Notifier over a connection table and a poster: an event to users goes to each of their live
 * connections in parallel; a connection the gateway calls gone is deleted on the way; a failure to reach one
 * connection is logged and never fails the others or the caller (delivery is best effort, at least once).
 * An answer to one connection goes to the poster directly: it needs no table, so it survives a store outage.
 */
export function createConnectionNotifier(options: ConnectionNotifierOptions): Notifier {
  const { connections, poster, clock, log } = options;

  const deliver = async (connectionId: string, data: string, type: string): Promise<void> => {
    try {
      if ((await poster.post(connectionId, data)) === 'gone') {
        log.debug('connection gone; forgetting it', { connectionId, type });
        await connections.remove(connectionId);
      }
    } catch (error) {
      log.warn('could not deliver an event', {
        connectionId,
        type,
        error,
      });
    }
  };

  return {
    async publish(userIds, event: ServerEvent, { exceptConnectionId } = {}) {
      if (userIds.length === 0) return;
      let targets: { id: string }[];
      try {
        targets = await connections.listByUsers(userIds, clock.now().toISOString());
      } catch (error) {
        log.warn('could not look up connections', {
          type: event.type,
          error,
        });
        return;
      }
      const data = JSON.stringify(event);
      await Promise.all(
        targets
          .filter((connection) => connection.id !== exceptConnectionId)
          .map((connection) => deliver(connection.id, data, event.type)),
      );
    },

    async sendToConnection(connectionId, event) {
      await deliver(connectionId, JSON.stringify(event), event.type);
    },

    async disconnectSessions(userId, sessionIds) {
      if (sessionIds.length === 0) return;
      const ended = new Set(sessionIds);
      try {
        const targets = (await connections.listByUsers([userId], clock.now().toISOString())).filter(
          (connection) => connection.sessionId !== undefined && ended.has(connection.sessionId),
        );
        await Promise.all(
          targets.map(async (connection) => {
            try {
              await poster.close(connection.id);
              await connections.remove(connection.id);
            } catch (error) {
              log.warn('could not close a connection of an ended session', {
                connectionId: connection.id,
                error,
              });
            }
          }),
        );
      } catch (error) {
        log.warn('could not look up connections of ended sessions', { error });
      }
    },
  };
}
