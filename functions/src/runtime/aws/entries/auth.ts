import { accountLinkRoutes } from '../../../handlers/http/account-link-routes';
import { authRoutes } from '../../../handlers/http/auth-routes';
import { createGroupHandler } from '../http-handler';

/** Register, login, refresh, logout, password change; confirming an address, asking for a reset link. */
export const handler = createGroupHandler('auth', [...authRoutes, ...accountLinkRoutes]);
