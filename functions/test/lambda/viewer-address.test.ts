import { describe, expect, it } from 'vitest';
import type { HttpEvent } from '../../src/handlers/http/middleware/types';
import { applyViewerAddress, ORIGIN_VERIFY_HEADER } from '../../src/runtime/aws/viewer-address';

const SECRET = 'origin-verify-secret-0123456789abcdefghij';
const EDGE = '130.176.1.2';

const event = (headers: Record<string, string>): HttpEvent =>
  ({
    version: '2.0',
    routeKey: 'POST /api/auth/login',
    rawPath: '/api/auth/login',
    rawQueryString: '',
    headers,
    isBase64Encoded: false,
    requestContext: {
      http: { method: 'POST', path: '/api/auth/login', protocol: 'HTTP/1.1', sourceIp: EDGE, userAgent: '' },
    },
  }) as unknown as HttpEvent;

describe('viewer address behind CloudFront', () => {
  it('takes the viewer from X-Forwarded-For when CloudFront vouches for it, and drops the secret', () => {
    const result = applyViewerAddress(
      event({ [ORIGIN_VERIFY_HEADER]: SECRET, 'x-forwarded-for': `6.6.6.6, 203.0.113.7, ${EDGE}` }),
      SECRET,
    );
    expect(result.requestContext.http.sourceIp).toBe('203.0.113.7');
    expect(result.headers).not.toHaveProperty(ORIGIN_VERIFY_HEADER);
  });

  it('keeps the real caller of a direct execute-api request, whatever X-Forwarded-For claims', () => {
    const direct = applyViewerAddress(event({ 'x-forwarded-for': '6.6.6.6, 198.51.100.9' }), SECRET);
    expect(direct.requestContext.http.sourceIp).toBe(EDGE);
    const forged = applyViewerAddress(
      event({
        [ORIGIN_VERIFY_HEADER]: 'guessed-wrong-secret-0123456789abcdef0000',
        'x-forwarded-for': '6.6.6.6, 1.1.1.1',
      }),
      SECRET,
    );
    expect(forged.requestContext.http.sourceIp).toBe(EDGE);
    expect(forged.headers).not.toHaveProperty(ORIGIN_VERIFY_HEADER);
  });

  it('changes nothing when no secret is configured', () => {
    const result = applyViewerAddress(
      event({ [ORIGIN_VERIFY_HEADER]: SECRET, 'x-forwarded-for': '203.0.113.7, 1.1.1.1' }),
      undefined,
    );
    expect(result.requestContext.http.sourceIp).toBe(EDGE);
  });
});
