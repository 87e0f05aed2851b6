import type { Logger } from '../../ports/logger';
import type { PhotoRecord } from '../../ports/photos';
import type { Deps } from '../deps';
import { toPhotoView } from './photo-views';

/**
 * Tells the owner that a photo was processed (the `photo` event, docs/api.md). Best effort: the owner also sees
 * the status in `GET /api/photos`, so a failed push never fails processing (which would redeliver the event).
 */
export async function publishPhotoEvent(deps: Deps, photo: PhotoRecord, log: Logger): Promise<void> {
  try {
    await deps.notifier.publish([photo.userId], { type: 'photo', photo: toPhotoView(photo) });
  } catch (error) {
    log.warn('photo event not delivered', {
      userId: photo.userId,
      photoId: photo.id,
      error,
    });
  }
}
