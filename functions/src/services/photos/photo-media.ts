import { randomBytes } from 'node:crypto';
import {
  MEDIA_CACHE_CONTROL,
  RENDITION_SIZES,
  type RenditionName,
  renditionKey,
  renditionKeys,
} from '../../domain/photos';
import type { PhotoRecord } from '../../ports/photos';
import type { Deps } from '../deps';

const renditionNames = Object.keys(RENDITION_SIZES) as RenditionName[];

/** A fresh media token: 128 random bits, so a rendition URL cannot be guessed or tied to its owner. */
export const newMediaToken = (): string => randomBytes(16).toString('hex');

/**
 * Moves a ready photo's renditions under a new media token: copies them to the new keys, points the record at
 * them (only if the photo is still ready under the token read), then deletes the old objects. Every URL handed
 * out before stops working within the cache lifetime (MEDIA_CACHE_CONTROL); anyone still shown the photo gets
 * the new URL with their next read. A photo deleted or re-keyed meanwhile keeps nothing of this attempt.
 * Answers whether the photo was re-keyed.
 */
export async function rekeyPhotoMedia(deps: Deps, photo: PhotoRecord): Promise<boolean> {
  if (photo.status !== 'ready') return false;
  const moved = { ...photo, mediaToken: newMediaToken() };
  // Both renditions at once; a missing one (never written, or already gone) is simply not copied.
  const copies = renditionNames.map((name) => ({
    from: renditionKey(photo, name),
    to: renditionKey(moved, name),
  }));
  const written = copies.map((copy) => copy.to);
  try {
    await Promise.all(
      copies.map(async ({ from, to }) => {
        const object = await deps.blobs.get(from);
        if (object)
          await deps.blobs.put(to, object.body, {
            contentType: 'image/webp',
            cacheControl: MEDIA_CACHE_CONTROL,
          });
      }),
    );
  } catch (error) {
    await deps.blobs.delete(written).catch(() => undefined);
    throw error;
  }
  const pointed = await pointAt(deps, photo, moved.mediaToken);
  if (pointed !== 'pointed') {
    await deps.blobs.delete(written);
    if (pointed instanceof Error) throw pointed;
    return false;
  }
  await deps.blobs.delete(renditionKeys(photo));
  return true;
}

/**
 * Sets the new token. When the store's answer is lost (an error), reads the record back to learn whether the
 * change was made, so the new objects are neither deleted under a live record nor left behind for good; the
 * error is answered when it was not made and the photo is still there to re-key (the caller fails).
 */
async function pointAt(deps: Deps, photo: PhotoRecord, next: string): Promise<'pointed' | 'gone' | Error> {
  try {
    const replaced = await deps.store.photos.replaceMediaToken(
      photo.userId,
      photo.id,
      photo.mediaToken,
      next,
    );
    return replaced ? 'pointed' : 'gone';
  } catch (error) {
    const current = await deps.store.photos.get(photo.userId, photo.id);
    if (current?.mediaToken === next) return 'pointed';
    if (current?.status === 'ready' && current.mediaToken === photo.mediaToken) {
      return error instanceof Error ? error : new Error(String(error));
    }
    return 'gone';
  }
}

/** Re-keys each of the user's ready photos (a block: the blocked person's copies of the URLs stop working). */
export async function rekeyUserMedia(deps: Deps, userId: string): Promise<number> {
  const ready = (await deps.store.photos.listByUser(userId)).filter((photo) => photo.status === 'ready');
  const rekeyed = await Promise.all(ready.map((photo) => rekeyPhotoMedia(deps, photo)));
  return rekeyed.filter(Boolean).length;
}
