import { authRoutes } from '../../../handlers/http/auth-routes';
import { createGroupHandler } from '../http-handler';

/** Register, login, refresh, logout, password change. */
export const handler = createGroupHandler('auth', authRoutes);
