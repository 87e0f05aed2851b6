import { privacyRoutes } from '../../../handlers/http/privacy-routes';
import { profileRoutes } from '../../../handlers/http/profile-routes';
import { apiGatewayNotifier } from '../apigw-notifier';
import { createGroupHandler } from '../http-handler';
import { s3Blobs } from '../s3-blobs';

/**
 * The caller's account and profile, other users' public profiles, export and erasure (tidying expired uploads
 * and erasing photos need the bucket).
 */
export const handler = createGroupHandler('profile', [...profileRoutes, ...privacyRoutes], {
  blobs: s3Blobs,
  notifier: apiGatewayNotifier,
});
