import { authRoutes } from '../../../handlers/http/auth-routes';
import { sessionRoutes } from '../../../handlers/http/session-routes';
import { createGroupHandler } from '../http-handler';

/** Register, login, refresh, logout, password change; listing and ending sessions. */
export const handler = createGroupHandler('auth', [...authRoutes, ...sessionRoutes]);
