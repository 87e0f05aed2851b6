import { renditionKey } from '../../domain/photos';
import type { PhotoRecord } from '../../ports/photos';
import type { Deps } from '../deps';

/** Kept copies live under `moderation/`, which neither the media route nor CloudFront serves. */
export const retainedPhotoKey = (userId: string, photoId: string) => `moderation/${userId}/${photoId}.webp`;

/**
 * Before a ready photo of a reported user goes (the owner deletes it, or a moderator removes it), its display
 * rendition is copied to a private key for moderators, so deleting evidence after a report does not hide it.
 * Kept until the account is erased (docs/moderation.md).
 */
export async function retainPhotoForModeration(deps: Deps, photo: PhotoRecord): Promise<void> {
  if (photo.status !== 'ready') return;
  const rendition = await deps.blobs.get(renditionKey(photo, 'display'));
  if (!rendition) return;
  const blobKey = retainedPhotoKey(photo.userId, photo.id);
  await deps.blobs.put(blobKey, rendition.body, { contentType: 'image/webp' });
  await deps.store.moderation.retainPhoto({
    userId: photo.userId,
    photoId: photo.id,
    blobKey,
    deletedAt: deps.clock.now().toISOString(),
  });
}

/** The owner deletes a photo: a copy is kept when reports about them wait for a moderator. */
export async function retainIfReported(deps: Deps, photo: PhotoRecord): Promise<void> {
  if (photo.status !== 'ready') return;
  const open = await deps.store.moderation.listOpenReportsAbout(photo.userId);
  if (open.length > 0) await retainPhotoForModeration(deps, photo);
}
