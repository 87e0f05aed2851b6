import { DEVICE_TOKEN_TTL_SECONDS } from '../../services/auth/device-cookies';
import type { RequestMeta } from './http-route';

export const DEVICE_COOKIE = 'device';

/**
 * The device cookie (services/auth/device-cookies.ts): set by every successful login and registration, sent
 * back only to /api/auth (where login lives), never readable by page scripts, never sent cross-site, `Secure`
 * over HTTPS. It outlives sessions on purpose: logging out does not make the browser unknown again.
 */
export function deviceCookie(token: string, meta: RequestMeta): string {
  const attributes = [
    `${DEVICE_COOKIE}=${token}`,
    'Path=/api/auth',
    `Max-Age=${DEVICE_TOKEN_TTL_SECONDS}`,
    'HttpOnly',
    'SameSite=Strict',
  ];
  if (meta.secure) attributes.push('Secure');
  return attributes.join('; ');
}
