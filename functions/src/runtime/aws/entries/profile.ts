import { accountEmailRoutes } from '../../../handlers/http/account-email-routes';
import { privacyRoutes } from '../../../handlers/http/privacy-routes';
import { profileRoutes } from '../../../handlers/http/profile-routes';
import { sessionRoutes } from '../../../handlers/http/session-routes';
import { apiGatewayNotifier } from '../apigw-notifier';
import { createGroupHandler } from '../http-handler';
import { s3Blobs } from '../s3-blobs';

/**
 * The caller's account and profile, other users' public profiles, export and erasure (tidying expired uploads
 * and erasing photos need the bucket), the caller's sessions (ending one closes its WebSocket connections), the
 * address change and verification mail, and the password reset's confirmation (it closes every socket).
 */
export const handler = createGroupHandler(
  'profile',
  [...profileRoutes, ...privacyRoutes, ...sessionRoutes, ...accountEmailRoutes],
  {
    blobs: s3Blobs,
    notifier: apiGatewayNotifier,
  },
);
