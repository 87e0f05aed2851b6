import { sniffImageType } from '../../domain/image-type';
import {
  MAX_UPLOAD_BYTES,
  MEDIA_CACHE_CONTROL,
  type PhotoRejectReason,
  parseUploadKey,
  RENDITION_SIZES,
  type RenditionName,
  renditionKey,
  renditionKeys,
} from '../../domain/photos';
import type { Logger } from '../../ports/logger';
import type { PhotoOutcome, PhotoRecord } from '../../ports/photos';
import type { Deps } from '../deps';
import { publishPhotoEvent } from './photo-events';

/** What became of one upload; the handler logs it, tests assert it. */
export type UploadProcessing =
  | { result: 'ready' | 'rejected'; photo: PhotoRecord }
  /** Not an upload key, or an upload whose photo was deleted, or was processed already (redelivery). */
  | { result: 'ignored'; why: 'not_an_upload' | 'photo_gone' | 'already_processed' | 'upload_missing' };

const renditionNames = Object.keys(RENDITION_SIZES) as RenditionName[];

const rejected = (reason: PhotoRejectReason): PhotoOutcome => ({ status: 'rejected', reason });

/**
 * Turns an uploaded original into clean renditions, exactly once per photo however often it is triggered (the
 * S3 event, its redelivery, the lab's upload endpoint, `POST /api/photos/{id}/complete`):
 * sniff the real type from the bytes, decode within limits, write the WebP renditions, then mark the photo
 * ready or rejected (only a pending photo can change: the store decides who wins), delete the original, and
 * tell the owner. A photo deleted meanwhile leaves nothing behind.
 */
export async function processUpload(
  deps: Deps,
  key: string,
  log: Logger = deps.log,
): Promise<UploadProcessing> {
  const ids = parseUploadKey(key);
  if (!ids) {
    log.warn('photo processing: not an upload key', { key });
    return { result: 'ignored', why: 'not_an_upload' };
  }
  const { userId, photoId } = ids;
  const photo = await deps.store.photos.get(userId, photoId);
  if (photo?.status !== 'pending') {
    // Deleted before processing, or done already: the original is of no use any more.
    await deps.blobs.delete([key]);
    return { result: 'ignored', why: photo ? 'already_processed' : 'photo_gone' };
  }

  const info = await deps.blobs.head(key);
  if (!info) return { result: 'ignored', why: 'upload_missing' };
  const outcome = info.size > MAX_UPLOAD_BYTES ? rejected('too_large') : await renderUpload(deps, key, photo);
  if (outcome === null) return { result: 'ignored', why: 'upload_missing' };

  const changed = await deps.store.photos.markProcessed(
    userId,
    photoId,
    outcome,
    deps.clock.now().toISOString(),
  );
  const current = changed ? null : await deps.store.photos.get(userId, photoId);
  if (outcome.status === 'ready' && !changed && current?.status !== 'ready') {
    // Deleted (or expired) while we rendered: the renditions just written belong to no photo.
    await deps.blobs.delete(renditionKeys(photo));
  }
  await deps.blobs.delete([key]);
  if (!changed) return { result: 'ignored', why: current ? 'already_processed' : 'photo_gone' };

  const processed = await deps.store.photos.get(userId, photoId);
  if (!processed) return { result: 'ignored', why: 'photo_gone' };
  log.info('photo processed', {
    userId,
    photoId,
    status: processed.status,
    ...(processed.rejectReason ? { reason: processed.rejectReason } : {}),
  });
  await publishPhotoEvent(deps, processed, log);
  return { result: processed.status === 'ready' ? 'ready' : 'rejected', photo: processed };
}

/** Renders and stores the renditions; answers the outcome, or null when the upload vanished meanwhile. */
async function renderUpload(deps: Deps, key: string, photo: PhotoRecord): Promise<PhotoOutcome | null> {
  const object = await deps.blobs.get(key);
  if (!object) return null;
  if (object.body.byteLength > MAX_UPLOAD_BYTES) return rejected('too_large');
  const type = sniffImageType(object.body);
  if (!type) return rejected('unsupported_type');
  const rendered = await deps.images.render(
    object.body,
    type,
    renditionNames.map((name) => RENDITION_SIZES[name]),
  );
  if (!rendered.ok) return rejected(rendered.reason);
  for (const name of renditionNames) {
    const rendition = rendered.renditions.find((candidate) => candidate.bound === RENDITION_SIZES[name]);
    if (!rendition) throw new Error(`the image processor returned no ${RENDITION_SIZES[name]} px rendition`);
    // Under the photo's media token (set when the upload started): the key names neither owner nor photo.
    await deps.blobs.put(renditionKey(photo, name), rendition.body, {
      contentType: 'image/webp',
      cacheControl: MEDIA_CACHE_CONTROL,
    });
  }
  return { status: 'ready' };
}
