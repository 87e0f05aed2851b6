import { moderationRoutes } from '../../../handlers/http/moderation-routes';
import { safetyRoutes } from '../../../handlers/http/safety-routes';
import { apiGatewayNotifier } from '../apigw-notifier';
import { createGroupHandler } from '../http-handler';
import { s3Blobs } from '../s3-blobs';

/**
 * Blocks, reports and moderation (a block re-keys the blocker's photo renditions and a removed photo goes: the
 * bucket; a suspension or ban closes the user's sockets: DeleteConnection).
 */
export const handler = createGroupHandler('safety', [...safetyRoutes, ...moderationRoutes], {
  blobs: s3Blobs,
  notifier: apiGatewayNotifier,
});
