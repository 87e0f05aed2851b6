import type { Photo, PublicPhoto } from '../../contract/profile';
import { mediaUrl, renditionKey } from '../../domain/photos';
import type { PhotoRecord } from '../../ports/photos';

const urlsOf = (photo: PhotoRecord) => ({
  thumb: mediaUrl(renditionKey(photo, 'thumb')),
  display: mediaUrl(renditionKey(photo, 'display')),
});

/** The owner's view: status, links once ready, the reason when rejected. */
export function toPhotoView(photo: PhotoRecord): Photo {
  return {
    id: photo.id,
    status: photo.status,
    ...(photo.status === 'ready' ? { urls: urlsOf(photo) } : {}),
    ...(photo.status === 'rejected' && photo.rejectReason !== null
      ? { rejectReason: photo.rejectReason }
      : {}),
    createdAt: photo.createdAt,
  };
}

/** What other users see of a ready photo: its links. */
export function toPublicPhoto(photo: PhotoRecord): PublicPhoto {
  return { id: photo.id, urls: urlsOf(photo) };
}

export const publicPhotos = (photos: readonly PhotoRecord[]): PublicPhoto[] =>
  photos.filter((photo) => photo.status === 'ready').map(toPublicPhoto);
