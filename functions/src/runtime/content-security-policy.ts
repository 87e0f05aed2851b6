/**
 * THE content security policy of the one origin that serves SPA, API, WebSocket and media. Both worlds send
 * this one: the lab runtime on every answer (lab/security-headers.ts) and CloudFront's response headers
 * policy (infra/lib/web-stack.ts). Only what differs by deployment is a parameter.
 * - scripts only from our own files: a Vite build emits no inline script;
 * - styles also inline: the script-free /api/docs page carries one <style> block, and UI libraries set
 *   style attributes; injected CSS cannot run code, so this is the cheap exception to make;
 * - images also from data:/blob: URLs (previews of photos before upload);
 * - connections to ourselves plus `connectOrigins`;
 * - no plugins, no framing, no <base> or form posts elsewhere.
 */
export interface ContentSecurityPolicyOptions {
  /**
   * Origins the SPA connects to besides 'self': the exact WebSocket origin (`wss://<host>`; 'self' covers
   * ws(s) only in CSP3 browsers) when it is known, and the photo store when uploads go there directly.
   */
  connectOrigins?: readonly string[];
  /** Served over HTTPS: browsers fetch any http: subresource over https (never on a laptop's http://). */
  upgradeInsecureRequests?: boolean;
}

export function contentSecurityPolicy({
  connectOrigins = [],
  upgradeInsecureRequests = false,
}: ContentSecurityPolicyOptions = {}): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${["'self'", ...connectOrigins].join(' ')}`,
    "media-src 'self' blob:",
    "manifest-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(upgradeInsecureRequests ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}
