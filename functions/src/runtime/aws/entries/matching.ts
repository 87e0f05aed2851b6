import { matchingRoutes } from '../../../handlers/http/matching-routes';
import { apiGatewayNotifier } from '../apigw-notifier';
import { createGroupHandler } from '../http-handler';

/** Discovery, swipes and matches: the hot path, in its own function. */
export const handler = createGroupHandler('matching', matchingRoutes, { notifier: apiGatewayNotifier });
