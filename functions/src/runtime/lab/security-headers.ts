import type { ClientConnection } from './client-connection';

/** A Host header we are willing to repeat inside a header value (no `;`, spaces or quotes to inject). */
const safeHost = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * The content security policy of the one origin that serves SPA, API, WebSocket and media.
 * - scripts only from our own files: a Vite build emits no inline script;
 * - styles also inline: the script-free /api/docs page carries one <style> block, and UI libraries set
 *   style attributes; injected CSS cannot run code, so this is the cheap exception to make;
 * - images also from data:/blob: URLs (previews of photos before upload);
 * - connections to ourselves, including the WebSocket at wss://<host>/ws ('self' covers ws(s) only in
 *   CSP3 browsers, so the exact origin is listed too), and to the photo store when uploads go there;
 * - no plugins, no framing, no <base> or form posts elsewhere.
 */
export function contentSecurityPolicy(
  host: string | undefined,
  protocol: ClientConnection['protocol'],
  extraConnectOrigins: readonly string[] = [],
): string {
  const socketOrigin =
    host !== undefined && safeHost.test(host) ? [`${protocol === 'https' ? 'wss' : 'ws'}://${host}`] : [];
  const connect = ["'self'", ...socketOrigin, ...extraConnectOrigins].join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${connect}`,
    "media-src 'self' blob:",
    "manifest-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Headers every response of the lab server carries, API and static alike: the same set the CloudFront
 * response headers policy adds on AWS. HSTS only over HTTPS: sent over plain HTTP it is ignored at best,
 * and a laptop's http://localhost must keep working.
 */
export function securityHeaders(
  host: string | undefined,
  client: ClientConnection,
  extraConnectOrigins: readonly string[] = [],
): Record<string, string> {
  const headers: Record<string, string> = {
    'content-security-policy': contentSecurityPolicy(host, client.protocol, extraConnectOrigins),
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
