import type { RequestMeta } from './http-route';

export const REFRESH_COOKIE = 'refresh_token';
const COOKIE_PATH = '/api/auth';

/**
 * The refresh token travels only in an HttpOnly, SameSite=Strict cookie scoped to /api/auth, so page scripts
 * never see it and other sites cannot make the browser send it. `Secure` whenever the viewer uses HTTPS;
 * plain-HTTP localhost must keep working, where browsers would drop a Secure cookie.
 */
export function refreshCookie(token: string, maxAgeSeconds: number, meta: RequestMeta): string {
  const attributes = [
    `${REFRESH_COOKIE}=${token}`,
    `Path=${COOKIE_PATH}`,
    `Max-Age=${maxAgeSeconds}`,
    'HttpOnly',
    'SameSite=Strict',
  ];
  if (meta.secure) attributes.push('Secure');
  return attributes.join('; ');
}

export const clearedRefreshCookie = (meta: RequestMeta): string => refreshCookie('', 0, meta);
