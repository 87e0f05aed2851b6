import type { Photo } from '@dating/functions/contract';
import { describe, expect, it } from 'vitest';
import { describeMove, moveBy, moveTo, readyPhotoIds, withOrder } from './photo-order';

const photo = (id: string, status: Photo['status'] = 'ready'): Photo => ({
  id,
  status,
  createdAt: '2026-11-25T10:00:00.000Z',
});

describe('photo order', () => {
  it('moves an item to another position (drag and drop)', () => {
    expect(moveTo(['a', 'b', 'c', 'd'], 3, 0)).toEqual(['d', 'a', 'b', 'c']);
    expect(moveTo(['a', 'b', 'c', 'd'], 0, 2)).toEqual(['b', 'c', 'a', 'd']);
    expect(moveTo(['a', 'b', 'c'], 1, 99)).toEqual(['a', 'c', 'b']);
  });

  it('returns the same list when nothing moves, so no request is sent', () => {
    const ids = ['a', 'b', 'c'];
    expect(moveTo(ids, 1, 1)).toBe(ids);
    expect(moveTo(ids, -1, 0)).toBe(ids);
    expect(moveBy(ids, 'a', -1)).toBe(ids);
    expect(moveBy(ids, 'c', 1)).toBe(ids);
    expect(moveBy(ids, 'z', 1)).toBe(ids);
  });

  it('moves one place earlier or later (the keyboard buttons)', () => {
    expect(moveBy(['a', 'b', 'c'], 'b', -1)).toEqual(['b', 'a', 'c']);
    expect(moveBy(['a', 'b', 'c'], 'b', 1)).toEqual(['a', 'c', 'b']);
  });

  it('orders only ready photos and keeps pending and rejected ones after them', () => {
    const photos = [photo('a'), photo('b'), photo('p', 'pending'), photo('c'), photo('r', 'rejected')];
    expect(readyPhotoIds(photos)).toEqual(['a', 'b', 'c']);
    expect(withOrder(photos, ['c', 'a', 'b']).map((item) => item.id)).toEqual(['c', 'a', 'b', 'p', 'r']);
  });

  it('announces the new position, and when a photo becomes the main one', () => {
    expect(describeMove(['a', 'b', 'c'], 'b')).toBe('Moved to position 2 of 3.');
    expect(describeMove(['b', 'a', 'c'], 'b')).toBe('Moved to position 1 of 3. It is now your main photo.');
  });
});
