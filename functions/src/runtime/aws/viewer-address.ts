import type { HttpEvent } from '../../handlers/http/middleware/types';
import { ORIGIN_VERIFY_HEADER, sameSecret } from './origin-verify';

export { ORIGIN_VERIFY_HEADER } from './origin-verify';

/**
 * Behind CloudFront, API Gateway's `sourceIp` is the CloudFront edge, not the viewer: per-IP rate limits
 * would count a whole edge location as one client, and the audit log would record edges. CloudFront appends
 * the viewer's address to X-Forwarded-For and API Gateway then appends the edge's, so the viewer is the
 * second-to-last entry (entries further left come from the viewer and prove nothing). That is only trusted
 * when the request carries the origin-verify secret, which CloudFront adds and viewers cannot know; a direct
 * call to the execute-api endpoint keeps its own, true, `sourceIp`. The header is removed either way, so it
 * never reaches handlers or logs.
 */
export function applyViewerAddress(event: HttpEvent, originSecret: string | undefined): HttpEvent {
  const headers = event.headers ?? {};
  const presented = headers[ORIGIN_VERIFY_HEADER];
  if (presented === undefined) return event;
  const { [ORIGIN_VERIFY_HEADER]: _removed, ...rest } = headers;
  const rewritten: HttpEvent = { ...event, headers: rest };
  if (originSecret === undefined || !sameSecret(presented, originSecret)) return rewritten;
  const chain = (headers['x-forwarded-for'] ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const viewer = chain.at(-2);
  if (viewer === undefined || !/^[0-9a-fA-F:.]{2,45}$/.test(viewer)) return rewritten;
  return {
    ...rewritten,
    requestContext: { ...event.requestContext, http: { ...event.requestContext.http, sourceIp: viewer } },
  };
}
