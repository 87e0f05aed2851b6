import { photoRoutes } from '../../../handlers/http/photo-routes';
import { apiGatewayNotifier } from '../apigw-notifier';
import { createGroupHandler } from '../http-handler';
import { s3Blobs } from '../s3-blobs';

/** Photo uploads (presigned POSTs), listing, ordering, deletion and `/complete`. */
export const handler = createGroupHandler('photos', photoRoutes, {
  blobs: s3Blobs,
  notifier: apiGatewayNotifier,
});
