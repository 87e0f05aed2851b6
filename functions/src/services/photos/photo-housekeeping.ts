import {
  MAX_REJECTED_PHOTOS_KEPT,
  PENDING_PHOTO_TIMEOUT_SECONDS,
  type PhotoRejectReason,
  uploadKey,
} from '../../domain/photos';
import type { PhotoRecord } from '../../ports/photos';
import type { Deps } from '../deps';
import { rekeyPhotoMedia } from './photo-media';

const expired: PhotoRejectReason = 'upload_expired';

/**
 * Lazy upkeep of a user's photos, run where they are read or added, so no scheduler is needed in either world:
 * - a photo still pending long after its upload permission expired will never be processed (the upload never
 *   came, or the client never completed it in the lab's BLOBS=s3 mode): it is rejected as `upload_expired`,
 *   freeing its slot, and any late upload is deleted;
 * - only the newest rejected photos are kept (`pruneRejected`), so rejections cannot pile up forever;
 * - ready photos stored before media tokens existed (renditions under `media/<userId>/<photoId>/`) move under a
 *   fresh token, so their URLs stop naming the owner (best effort: a failure leaves them as they were).
 * Answers the user's photos as they are afterwards.
 */
export async function tidyPhotos(
  deps: Deps,
  userId: string,
  options: { pruneRejected: boolean },
): Promise<PhotoRecord[]> {
  const photos = await deps.store.photos.listByUser(userId);
  const now = deps.clock.now();
  const deadline = now.getTime() - PENDING_PHOTO_TIMEOUT_SECONDS * 1000;
  const stale = photos.filter(
    (photo) => photo.status === 'pending' && Date.parse(photo.createdAt) < deadline,
  );
  const rejected = photos.filter((photo) => photo.status === 'rejected');
  const surplus = options.pruneRejected
    ? rejected.sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1)).slice(MAX_REJECTED_PHOTOS_KEPT - 1)
    : [];
  const legacy = photos.filter((photo) => photo.status === 'ready' && photo.mediaToken === null);
  if (stale.length === 0 && surplus.length === 0 && legacy.length === 0) return photos;

  for (const photo of legacy) {
    try {
      if (await rekeyPhotoMedia(deps, photo))
        deps.log.info('photo media re-keyed', { userId, photoId: photo.id });
    } catch (error) {
      deps.log.warn('photo media not re-keyed', {
        userId,
        photoId: photo.id,
        error,
      });
    }
  }

  for (const photo of stale) {
    const outcome = { status: 'rejected', reason: expired } as const;
    if (await deps.store.photos.markProcessed(userId, photo.id, outcome, now.toISOString())) {
      deps.log.info('photo upload expired', { userId, photoId: photo.id });
    }
  }
  for (const photo of surplus) await deps.store.photos.remove(userId, photo.id);
  await deps.blobs.delete([...stale, ...surplus].map((photo) => uploadKey(userId, photo.id)));
  return deps.store.photos.listByUser(userId);
}
