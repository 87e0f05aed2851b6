import { createPhotoEventHandler } from '../../../handlers/events/process-photo';
import { depsProvider } from '../deps';
import { s3Blobs } from '../s3-blobs';
import { sharpImages } from '../sharp-images';

/**
 * The photo-processing function: the photos bucket's `s3:ObjectCreated:*` notification for the `uploads/`
 * prefix invokes it (asynchronously: Lambda retries a failed event twice, then the event goes to the
 * dead-letter queue). sharp for linux-arm64 is copied next to the bundle (infra/lib/photo-stack.ts). It handles
 * no user request, so it is built without auth configuration: no JWT key is configured, read or held.
 */
export const handler = createPhotoEventHandler(
  depsProvider({ blobs: s3Blobs, images: sharpImages, auth: false }),
);
