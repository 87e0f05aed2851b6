import { safetyRoutes } from '../../../handlers/http/safety-routes';
import { apiGatewayNotifier } from '../apigw-notifier';
import { createGroupHandler } from '../http-handler';

/** Blocks and reports. */
export const handler = createGroupHandler('safety', safetyRoutes, { notifier: apiGatewayNotifier });
