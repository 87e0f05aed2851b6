import * as z from 'zod/mini';
import { Id, page } from './common';
import { Photo } from './profile';

/** The photo rules the SPA checks before uploading; the server enforces the same (docs/api.md, Photos). */
export const MAX_PHOTOS = 6;
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
export const photoContentTypes = ['image/jpeg', 'image/png', 'image/webp'] as const;

/** `size` above MAX_PHOTO_BYTES passes the schema and is answered 413 `payload_too_large` (docs/api.md). */
export const StartPhotoUpload = z.strictObject({
  contentType: z.enum(photoContentTypes),
  size: z.int().check(z.gte(1)),
});
export type StartPhotoUpload = z.infer<typeof StartPhotoUpload>;

/**
 * A presigned POST: send a multipart/form-data POST to `url` with every field of `fields` (in order), then
 * the image as the part named `file`. `url` is absolute for S3 and a same-origin path (`/uploads`) in the lab.
 */
export const PresignedUpload = z.object({ url: z.string(), fields: z.record(z.string(), z.string()) });

export const PhotoUploadStarted = z.object({ photo: Photo, upload: PresignedUpload });
export type PhotoUploadStarted = z.infer<typeof PhotoUploadStarted>;

export const PhotoList = page(Photo);

export const PhotoResult = z.object({ photo: Photo });

export const PhotoOrder = z.strictObject({
  photoIds: z.array(Id).check(z.maxLength(MAX_PHOTOS)),
});
export type PhotoOrder = z.infer<typeof PhotoOrder>;

export const PhotoIdParams = z.strictObject({ photoId: Id });
