import { accountLinkRoutes } from '../../../handlers/http/account-link-routes';
import { authRoutes } from '../../../handlers/http/auth-routes';
import { apiGatewayNotifier } from '../apigw-notifier';
import { createGroupHandler } from '../http-handler';

/**
 * Register, login, refresh, logout, password change; confirming an address, a password reset (ending every
 * session closes its WebSocket connections: the API Gateway client).
 */
export const handler = createGroupHandler('auth', [...authRoutes, ...accountLinkRoutes], {
  notifier: apiGatewayNotifier,
});
