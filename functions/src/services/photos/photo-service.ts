import type { PhotoUploadStarted, StartPhotoUpload } from '../../contract/photos';
import type { Photo } from '../../contract/profile';
import { AppError, notFound } from '../../domain/errors';
import { newId } from '../../domain/ids';
import {
  MAX_PHOTOS_PER_USER,
  MAX_UPLOAD_BYTES,
  photoObjectKeys,
  UPLOAD_TTL_SECONDS,
  uploadKey,
} from '../../domain/photos';
import type { NewPhoto, PhotoRecord } from '../../ports/photos';
import type { Deps } from '../deps';
import { retainIfReported } from '../moderation/retained-photos';
import { enforceRateLimit } from '../safety/rate-limiter';
import { tidyPhotos } from './photo-housekeeping';
import { newMediaToken } from './photo-media';
import { toPhotoView } from './photo-views';
import { processUpload } from './process-upload';

const photoNotFound = () => notFound('Photo not found');

/**
 * `POST /api/photos`: reserves one of the user's photo slots (atomically, in the store) and answers a presigned
 * POST that can write exactly this photo's upload key, with the declared type, up to 10 MB, for 5 minutes.
 */
export async function startPhotoUpload(
  deps: Deps,
  userId: string,
  input: StartPhotoUpload,
): Promise<PhotoUploadStarted> {
  if (input.size > MAX_UPLOAD_BYTES) {
    throw new AppError('payload_too_large', `A photo may be at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`, {
      maxBytes: MAX_UPLOAD_BYTES,
    });
  }
  // 30 upload starts per user and hour, counted before anything is reserved.
  await enforceRateLimit(deps, 'photoUploadsPerUser', userId);
  await tidyPhotos(deps, userId, { pruneRejected: true });
  const now = deps.clock.now();
  const photo: NewPhoto = {
    id: newId(now),
    userId,
    contentType: input.contentType,
    declaredSize: input.size,
    mediaToken: newMediaToken(),
    createdAt: now.toISOString(),
  };
  if ((await deps.store.photos.add(photo, MAX_PHOTOS_PER_USER)) === 'limit_reached') {
    throw new AppError(
      'photo_limit',
      `You can have at most ${MAX_PHOTOS_PER_USER} photos; delete one first`,
      {
        limit: MAX_PHOTOS_PER_USER,
      },
    );
  }
  const upload = await deps.blobs.presignUpload({
    key: uploadKey(userId, photo.id),
    contentType: input.contentType,
    maxBytes: MAX_UPLOAD_BYTES,
    expiresInSeconds: UPLOAD_TTL_SECONDS,
  });
  return { photo: { id: photo.id, status: 'pending', createdAt: photo.createdAt }, upload };
}

/** `GET /api/photos`: the caller's photos, ready ones in their order first. */
export async function listPhotos(deps: Deps, userId: string): Promise<Photo[]> {
  return (await tidyPhotos(deps, userId, { pruneRejected: false })).map(toPhotoView);
}

/** `PUT /api/photos/order`: `photoIds` must be exactly the ready photos; the first becomes the primary one. */
export async function reorderPhotos(
  deps: Deps,
  userId: string,
  photoIds: readonly string[],
): Promise<Photo[]> {
  const reordered = await deps.store.photos.reorder(userId, photoIds, deps.clock.now().toISOString());
  if (!reordered) {
    throw new AppError('conflict', 'photoIds must list each of your ready photos exactly once', {
      readyPhotoIds: (await deps.store.photos.listByUser(userId))
        .filter((photo) => photo.status === 'ready')
        .map((photo) => photo.id),
    });
  }
  return listPhotos(deps, userId);
}

/**
 * `DELETE /api/photos/{id}`: every object the photo owns, then the record, so a failed object delete leaves the
 * record (and with it the keys, which only it knows) for a retry. A processor that finishes meanwhile either
 * finds no photo and removes what it wrote, or made the photo ready before the record went: then the removed
 * record names renditions the first delete did not, and they go too. Without a record, only the upload key
 * (in the caller's own namespace) can be left: it goes, and the answer is 404.
 */
export async function deletePhoto(deps: Deps, userId: string, photoId: string): Promise<void> {
  const photo = await deps.store.photos.get(userId, photoId);
  if (!photo) {
    await deps.blobs.delete([uploadKey(userId, photoId)]);
    throw photoNotFound();
  }
  await retainIfReported(deps, photo);
  await deps.blobs.delete(photoObjectKeys(photo));
  const removed = await deps.store.photos.remove(userId, photoId);
  if (removed && (removed.status !== photo.status || removed.mediaToken !== photo.mediaToken)) {
    await deps.blobs.delete(photoObjectKeys(removed));
  }
  if (!removed) throw photoNotFound();
}

/**
 * `POST /api/photos/{id}/complete`, called by the SPA after its upload in every world. Where no storage event
 * processes uploads (`config.photos.processOnComplete`: the lab with BLOBS=s3) it processes the upload now;
 * elsewhere the event does, and this only reports the status. Idempotent, and safe alongside the event: the
 * store lets exactly one outcome through.
 */
export async function completePhotoUpload(deps: Deps, userId: string, photoId: string): Promise<Photo> {
  const photo = await deps.store.photos.get(userId, photoId);
  if (!photo) {
    // Deleted (or never started): an upload that still arrived has no photo, so it goes. The key is in the
    // caller's own namespace, as for DELETE.
    await deps.blobs.delete([uploadKey(userId, photoId)]);
    throw photoNotFound();
  }
  if (photo.status !== 'pending' || !deps.config.photos.processOnComplete) return toPhotoView(photo);
  const processing = await processUpload(deps, uploadKey(userId, photoId));
  if (processing.result === 'ready' || processing.result === 'rejected') return toPhotoView(processing.photo);
  if (processing.result === 'ignored' && processing.why === 'upload_missing') {
    throw new AppError(
      'conflict',
      'The upload has not arrived; upload the file with the presigned POST first',
    );
  }
  const current: PhotoRecord | null = await deps.store.photos.get(userId, photoId);
  if (!current) throw photoNotFound();
  return toPhotoView(current);
}
