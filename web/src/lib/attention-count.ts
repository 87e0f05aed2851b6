import { useSyncExternalStore } from 'react';

/**
 * How many things wait for the user (unread conversations plus new matches): the document title starts with
 * it, "(2) Discover · Heartwood", so a background tab shows it. Set by the signed-in layout, read by every
 * page heading.
 */
let count = 0;
const listeners = new Set<() => void>();

export function setAttentionCount(next: number): void {
  const value = Math.max(0, Math.floor(next));
  if (value === count) return;
  count = value;
  for (const listener of [...listeners]) listener();
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

export const useAttentionCount = () => useSyncExternalStore(subscribe, () => count);

/** "(2) Discover · Heartwood", or without the count when nothing waits. */
export const documentTitle = (page: string, appName: string, waiting: number) =>
  `${waiting > 0 ? `(${waiting}) ` : ''}${page} · ${appName}`;
