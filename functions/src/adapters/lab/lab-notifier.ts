import type { ConnectionRepository } from '../../ports/chat';
import type { Clock } from '../../ports/clock';
import type { Logger } from '../../ports/logger';
import type { Notifier } from '../../ports/notifier';
import { type ConnectionPoster, createConnectionNotifier } from '../notify/connection-notifier';
import type { Delivery, DeliveryBus } from './delivery-bus';
import type { LocalConnectionRegistry } from './local-connections';

/**
 * The lab's PostToConnection: a socket this process holds gets the frame at once; one of this process's
 * connections that it no longer holds is gone (410); another replica's goes over the bus (LISTEN/NOTIFY), or
 * is gone when there is no bus (one replica: PGlite, or no shared database).
 */
export function labPoster(registry: LocalConnectionRegistry, bus: DeliveryBus | null): ConnectionPoster {
  return {
    async post(connectionId, data) {
      const socket = registry.get(connectionId);
      if (socket) return (await socket.send(data)) ? 'delivered' : 'gone';
      if (registry.isOwn(connectionId) || bus === null) return 'gone';
      await bus.publish({ connectionIds: [connectionId], data });
      return 'delivered';
    },
    async close(connectionId) {
      const socket = registry.get(connectionId);
      if (socket) socket.close();
      else if (!registry.isOwn(connectionId) && bus !== null) {
        await bus.publish({ connectionIds: [connectionId], data: '', close: true });
      }
    },
  };
}

/** What a replica does with a delivery from the bus: send it to the addressed sockets it holds. */
export async function deliverLocally(registry: LocalConnectionRegistry, delivery: Delivery): Promise<void> {
  if (delivery.close) {
    for (const connectionId of delivery.connectionIds) registry.get(connectionId)?.close();
    return;
  }
  await Promise.all(
    delivery.connectionIds.map((connectionId) => registry.get(connectionId)?.send(delivery.data)),
  );
}

export interface LabNotifierOptions {
  connections: ConnectionRepository;
  registry: LocalConnectionRegistry;
  /** Null with a single replica. */
  bus: DeliveryBus | null;
  clock: Clock;
  log: Logger;
}

/** The Notifier of the lab runtime: the same fan-out as on AWS, delivered by the lab's WebSocket gateway. */
export function createLabNotifier(options: LabNotifierOptions): Notifier {
  return createConnectionNotifier({
    connections: options.connections,
    poster: labPoster(options.registry, options.bus),
    clock: options.clock,
    log: options.log,
  });
}
