import type { ClientFrame } from '@dating/functions/contract';
import { act } from '@testing-library/react';
import type { RealtimeClient, RealtimeEvent, RealtimeStatus } from '../lib/realtime';

/**
 * A realtime connection the test drives: `emit` delivers a server event as the socket would, `sent` holds the
 * frames the component sent, and `send` refuses (as a closed socket does) unless the status is `open`.
 */
export function fakeRealtime(initial: RealtimeStatus = 'open') {
  const listeners = new Set<(event: RealtimeEvent) => void>();
  const statusListeners = new Set<() => void>();
  const sent: ClientFrame[] = [];
  let status = initial;
  const client: RealtimeClient = {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    send(frame) {
      if (status !== 'open') return false;
      sent.push(frame);
      return true;
    },
    getStatus: () => status,
    subscribeStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
  };
  return {
    client,
    sent,
    emit(event: RealtimeEvent) {
      act(() => {
        for (const listener of [...listeners]) listener(event);
      });
    },
    setStatus(next: RealtimeStatus) {
      act(() => {
        status = next;
        for (const listener of [...statusListeners]) listener();
      });
    },
  };
}
