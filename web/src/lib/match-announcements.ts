import type { MatchSummary } from '@dating/functions/contract';
import { useSyncExternalStore } from 'react';

/**
 * The "It's a match" announcements of this tab: one queue for both ways a match becomes known (the swipe's own
 * answer and the `match` event that reaches both people on any page). A match is announced once per tab, however
 * many times it arrives (delivery is at least once, and the one who swiped last gets both).
 */
export interface MatchAnnouncements {
  announce(match: MatchSummary): void;
  /** The announcement on screen now (the oldest not yet dismissed), or null. */
  current(): MatchSummary | null;
  dismiss(): void;
  subscribe(listener: () => void): () => void;
}

export function createMatchAnnouncements(): MatchAnnouncements {
  const announced = new Set<string>();
  let queue: readonly MatchSummary[] = [];
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const listener of [...listeners]) listener();
  };
  return {
    announce(match) {
      if (announced.has(match.matchId)) return;
      announced.add(match.matchId);
      queue = [...queue, match];
      changed();
    },
    current: () => queue[0] ?? null,
    dismiss() {
      if (queue.length === 0) return;
      queue = queue.slice(1);
      changed();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export const matchAnnouncements = createMatchAnnouncements();

export function useCurrentMatchAnnouncement(store: MatchAnnouncements = matchAnnouncements) {
  return useSyncExternalStore(store.subscribe, store.current);
}
