import { contentSecurityPolicy } from '../content-security-policy';
import type { ClientConnection } from './client-connection';

/** A Host header we are willing to repeat inside a header value (no `;`, spaces or quotes to inject). */
const safeHost = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * The lab's connect origins: its own WebSocket origin, ws(s)://<Host> ('self' covers ws(s) only in CSP3
 * browsers, so the exact origin is listed too), and the photo store when uploads go there.
 */
function labConnectOrigins(
  host: string | undefined,
  protocol: ClientConnection['protocol'],
  extraConnectOrigins: readonly string[],
): string[] {
  const socketOrigin =
    host !== undefined && safeHost.test(host) ? [`${protocol === 'https' ? 'wss' : 'ws'}://${host}`] : [];
  return [...socketOrigin, ...extraConnectOrigins];
}

/**
 * Headers every response of the lab server carries, API and static alike: the same set the CloudFront
 * response headers policy adds on AWS, with the same CSP (one function builds both). HSTS and
 * upgrade-insecure-requests only over HTTPS: over plain HTTP they are ignored at best, and a laptop's
 * http://localhost must keep working.
 */
export function securityHeaders(
  host: string | undefined,
  client: ClientConnection,
  extraConnectOrigins: readonly string[] = [],
): Record<string, string> {
  const headers: Record<string, string> = {
    'content-security-policy': contentSecurityPolicy({
      connectOrigins: labConnectOrigins(host, client.protocol, extraConnectOrigins),
      upgradeInsecureRequests: client.protocol === 'https',
    }),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'x-frame-options': 'DENY',
    'permissions-policy':
      'geolocation=(self), camera=(), microphone=(), payment=(), usb=(), accelerometer=(), gyroscope=(), magnetometer=()',
    'cross-origin-opener-policy': 'same-origin',
  };
  if (client.protocol === 'https') headers['strict-transport-security'] = 'max-age=31536000';
  return headers;
}
