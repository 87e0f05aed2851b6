import type { Photo } from '@dating/functions/contract';

/** `ids` with the item at `from` moved to `to` (both clamped to the list). The same array when nothing moves. */
export function moveTo<T>(ids: readonly T[], from: number, to: number): readonly T[] {
  const target = Math.min(Math.max(to, 0), ids.length - 1);
  if (from < 0 || from >= ids.length || from === target) return ids;
  const next = [...ids];
  const [moved] = next.splice(from, 1) as [T];
  next.splice(target, 0, moved);
  return next;
}

/** Moves `id` one place earlier (-1) or later (+1). */
export function moveBy<T>(ids: readonly T[], id: T, offset: -1 | 1): readonly T[] {
  const from = ids.indexOf(id);
  return from === -1 ? ids : moveTo(ids, from, from + offset);
}

/** Only ready photos have an order (the API orders exactly those); the first is the main photo. */
export const readyPhotoIds = (photos: readonly Photo[]) =>
  photos.filter((photo) => photo.status === 'ready').map((photo) => photo.id);

/** The list as the server will answer after a reorder: ready photos in the new order, then the others. */
export function withOrder(photos: readonly Photo[], orderedIds: readonly string[]): Photo[] {
  const byId = new Map(photos.map((photo) => [photo.id, photo]));
  const ordered = orderedIds.flatMap((id) => {
    const photo = byId.get(id);
    return photo?.status === 'ready' ? [photo] : [];
  });
  const rest = photos.filter((photo) => photo.status !== 'ready' || !orderedIds.includes(photo.id));
  return [...ordered, ...rest];
}

/** "Moved to position 2 of 4": what a screen reader hears after a move, by button or by drag. */
export function describeMove(orderedIds: readonly string[], id: string): string {
  const position = orderedIds.indexOf(id) + 1;
  if (position === 1) return `Moved to position 1 of ${orderedIds.length}. It is now your main photo.`;
  return `Moved to position ${position} of ${orderedIds.length}.`;
}
