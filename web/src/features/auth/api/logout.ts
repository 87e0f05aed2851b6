import { useMutation } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { session } from '../../../lib/session';

/** Revokes the refresh token server-side and clears the HttpOnly cookie. */
export const logout = (): Promise<void> => api.request('POST', '/api/auth/logout', { authenticated: false });

/** Ends the session here even if the server cannot be reached: the user asked to leave this device. */
export const useLogout = () => useMutation({ mutationFn: logout, onSettled: () => session.clear() });
