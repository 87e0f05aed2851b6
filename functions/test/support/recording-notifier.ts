import type { ServerEvent } from '../../src/contract/events';
import type { Notifier } from '../../src/ports/notifier';

export interface RecordedEvent {
  userId: string;
  event: ServerEvent;
  /** The connection left out (it got its answer through `sendToConnection`). */
  exceptConnectionId?: string;
}

export interface RecordedAnswer {
  connectionId: string;
  event: ServerEvent;
}

export interface RecordedDisconnect {
  userId: string;
  sessionIds: string[];
}

export interface RecordingNotifier extends Notifier {
  /** Every request to close the connections of ended sessions, in order. */
  readonly disconnects: readonly RecordedDisconnect[];
  /** Every event published so far, one entry per recipient, in order. */
  readonly events: readonly RecordedEvent[];
  /** Every answer sent to a single connection, in order. */
  readonly answers: readonly RecordedAnswer[];
  eventsFor(userId: string): ServerEvent[];
  clear(): void;
}

/** Keeps what was published in memory: for tests, which assert who was told what. */
export function createRecordingNotifier(): RecordingNotifier {
  const events: RecordedEvent[] = [];
  const answers: RecordedAnswer[] = [];
  const disconnects: RecordedDisconnect[] = [];
  return {
    events,
    answers,
    disconnects,
    async disconnectSessions(userId, sessionIds) {
      disconnects.push({ userId, sessionIds: [...sessionIds] });
    },
    async publish(userIds, event, options = {}) {
      const except = options.exceptConnectionId;
      for (const userId of userIds) {
        events.push({
          userId,
          event: structuredClone(event),
          ...(except === undefined ? {} : { exceptConnectionId: except }),
        });
      }
    },
    async sendToConnection(connectionId, event) {
      answers.push({ connectionId, event: structuredClone(event) });
    },
    eventsFor: (userId) => events.filter((entry) => entry.userId === userId).map((entry) => entry.event),
    clear: () => {
      events.length = 0;
      answers.length = 0;
      disconnects.length = 0;
    },
  };
}
