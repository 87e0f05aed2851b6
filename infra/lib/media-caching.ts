import { Duration } from 'aws-cdk-lib';
import {
  CacheCookieBehavior,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  ResponseHeadersPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import type { Construct } from 'constructs';
import { MEDIA_CACHE_CONTROL, MEDIA_MAX_AGE_SECONDS } from '../../functions/src/domain/photos';

/**
 * How CloudFront caches `/media/*` (photo renditions; docs/decisions/0100-media-urls-and-caching.md): at most
 * MEDIA_MAX_AGE_SECONDS at the edge whatever the object says, and browsers are told the same, so a deleted
 * photo, an erased account or a blocker's re-keyed renditions stop being served within a minute without a
 * per-delete invalidation. Keys are random tokens, so the short TTL costs origin requests, not privacy.
 */
export function mediaCaching(scope: Construct, stage: string) {
  const ttl = Duration.seconds(MEDIA_MAX_AGE_SECONDS);
  const cachePolicy = new CachePolicy(scope, 'MediaCache', {
    comment: `Dating app ${stage}: photo renditions, at most ${MEDIA_MAX_AGE_SECONDS} s at the edge`,
    defaultTtl: ttl,
    maxTtl: ttl,
    minTtl: Duration.seconds(0),
    cookieBehavior: CacheCookieBehavior.none(),
    headerBehavior: CacheHeaderBehavior.none(),
    queryStringBehavior: CacheQueryStringBehavior.none(),
    // WebP is compressed already.
    enableAcceptEncodingGzip: false,
    enableAcceptEncodingBrotli: false,
  });
  const responseHeadersPolicy = new ResponseHeadersPolicy(scope, 'MediaHeaders', {
    comment: `Dating app ${stage}: photo renditions, browsers keep them ${MEDIA_MAX_AGE_SECONDS} s; nosniff, HSTS`,
    securityHeadersBehavior: {
      contentTypeOptions: { override: true },
      strictTransportSecurity: {
        accessControlMaxAge: Duration.days(730),
        includeSubdomains: true,
        override: true,
      },
    },
    customHeadersBehavior: {
      // Overrides what the object carries: renditions written before the short lifetime say a year.
      customHeaders: [{ header: 'Cache-Control', value: MEDIA_CACHE_CONTROL, override: true }],
    },
  });
  return { cachePolicy, responseHeadersPolicy };
}
