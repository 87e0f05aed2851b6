import { runInNewContext } from 'node:vm';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../functions/src/runtime/content-security-policy';
import { SPA_FALLBACK_CODE } from '../lib/spa-fallback';
import { WEBSOCKET_HEADERS } from '../lib/web-stack';
import { resourcesOf, synthesizeApp } from './support/synth';

/** AWS managed policies (ids are fixed across accounts). */
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

interface Behavior {
  PathPattern?: string;
  TargetOriginId: string;
  CachePolicyId: string;
  OriginRequestPolicyId?: unknown;
  ResponseHeadersPolicyId?: unknown;
  FunctionAssociations?: { EventType: string; FunctionARN: unknown }[];
  ViewerProtocolPolicy: string;
  AllowedMethods?: string[];
}
interface Origin {
  Id: string;
  DomainName: unknown;
  OriginPath?: string;
  S3OriginConfig?: unknown;
  OriginAccessControlId?: unknown;
  CustomOriginConfig?: { OriginProtocolPolicy: string; OriginSSLProtocols: string[] };
}

describe('web stack', () => {
  const synthesized = synthesizeApp();
  const web = synthesized.template(synthesized.stacks.web);
  const [[, distribution] = ['', {}]] = resourcesOf(web, 'AWS::CloudFront::Distribution');
  const config = distribution.DistributionConfig as {
    DefaultCacheBehavior: Behavior;
    CacheBehaviors: Behavior[];
    Origins: Origin[];
    CustomErrorResponses?: unknown;
  };
  const behavior = (pattern: string) => config.CacheBehaviors.find((b) => b.PathPattern === pattern);
  const originOf = (b: Behavior | undefined) =>
    config.Origins.find((origin) => origin.Id === b?.TargetOriginId);

  it('routes /api/* to the HTTP API without caching and without the viewer’s Host header', () => {
    const api = behavior('/api/*');
    expect(api).toMatchObject({
      CachePolicyId: CACHING_DISABLED,
      OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
      ViewerProtocolPolicy: 'https-only',
    });
    expect(api?.AllowedMethods).toEqual(expect.arrayContaining(['POST', 'PUT', 'DELETE', 'PATCH']));
    const origin = originOf(api);
    expect(JSON.stringify(origin?.DomainName)).toContain('HttpApi');
    expect(origin?.CustomOriginConfig).toMatchObject({
      OriginProtocolPolicy: 'https-only',
      OriginSSLProtocols: ['TLSv1.2'],
    });
  });

  it('routes /ws to the WebSocket stage named ws: no path rewrite, ticket and Sec-WebSocket-* forwarded, no Host', () => {
    const ws = behavior('/ws');
    expect(ws).toMatchObject({ CachePolicyId: CACHING_DISABLED, ViewerProtocolPolicy: 'https-only' });
    expect(ws?.FunctionAssociations).toBeUndefined();
    const origin = originOf(ws);
    expect(JSON.stringify(origin?.DomainName)).toContain('WebSocketApi');
    expect(origin?.OriginPath ?? '').toBe('');
    web.hasResourceProperties('AWS::CloudFront::OriginRequestPolicy', {
      OriginRequestPolicyConfig: {
        HeadersConfig: { HeaderBehavior: 'whitelist', Headers: WEBSOCKET_HEADERS },
        QueryStringsConfig: { QueryStringBehavior: 'all' },
        CookiesConfig: { CookieBehavior: 'none' },
        Name: Match.anyValue(),
        Comment: Match.anyValue(),
      },
    });
    const api = synthesized.template(synthesized.stacks.api);
    api.hasResourceProperties('AWS::ApiGatewayV2::Stage', { StageName: 'ws' });
  });

  it('never forwards Host to an API origin', () => {
    for (const [, policy] of resourcesOf(web, 'AWS::CloudFront::OriginRequestPolicy')) {
      expect(JSON.stringify(policy).toLowerCase()).not.toContain('"host"');
    }
    for (const b of [config.DefaultCacheBehavior, ...config.CacheBehaviors]) {
      expect(b.OriginRequestPolicyId).not.toBe('216adef6-5c7f-47e4-b989-5492eafa07d3'); // AllViewer (with Host)
    }
  });

  it('serves /media/* and the SPA from private buckets through origin access control', () => {
    const media = behavior('/media/*');
    expect(originOf(media)?.OriginAccessControlId).toBeDefined();
    expect(JSON.stringify(originOf(media)?.DomainName)).toContain('-photos-');
    expect(originOf(config.DefaultCacheBehavior)?.OriginAccessControlId).toBeDefined();
    web.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
      }),
    });
    web.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: Match.objectLike({
        BlockPublicAcls: true,
        RestrictPublicBuckets: true,
      }),
    });
  });

  it('falls back to index.html with a function on the SPA behaviour only, never with error responses', () => {
    expect(config.CustomErrorResponses).toBeUndefined();
    expect(config.DefaultCacheBehavior.FunctionAssociations).toEqual([
      { EventType: 'viewer-request', FunctionARN: expect.anything() },
    ]);
    for (const b of config.CacheBehaviors) expect(b.FunctionAssociations).toBeUndefined();
    web.hasResourceProperties('AWS::CloudFront::Function', {
      FunctionCode: SPA_FALLBACK_CODE,
      FunctionConfig: Match.objectLike({ Runtime: 'cloudfront-js-2.0' }),
    });
  });

  it.each([
    ['/', '/index.html'],
    ['/matches', '/index.html'],
    ['/profile/01HZY3Q0000000000000000000', '/index.html'],
    ['/assets/index-3f2a.js', '/assets/index-3f2a.js'],
    ['/favicon.ico', '/favicon.ico'],
    ['/v1.2/page', '/index.html'],
  ])('the SPA function maps %s to %s', (uri, expected) => {
    const handler = runInNewContext(`${SPA_FALLBACK_CODE}; handler`) as (event: {
      request: { uri: string };
    }) => {
      uri: string;
    };
    expect(handler({ request: { uri } }).uri).toBe(expected);
  });

  it('sends security headers: CSP, HSTS, nosniff, no framing, referrer policy', () => {
    const [[, policy] = ['', {}]] = resourcesOf(web, 'AWS::CloudFront::ResponseHeadersPolicy');
    const security = (
      policy.ResponseHeadersPolicyConfig as { SecurityHeadersConfig: Record<string, Record<string, unknown>> }
    ).SecurityHeadersConfig;
    const csp = JSON.stringify(security.ContentSecurityPolicy);
    for (const directive of [
      "default-src 'self'",
      "frame-ancestors 'none'",
      "object-src 'none'",
      "script-src 'self'",
    ]) {
      expect(csp).toContain(directive);
    }
    expect(csp).toContain('.s3.'); // the presigned POST goes to the photos bucket
    // The lab runtime's policy, directive for directive (one function builds both).
    for (const directive of contentSecurityPolicy({ upgradeInsecureRequests: true }).split('; ')) {
      expect(csp).toContain(directive);
    }
    expect(security.StrictTransportSecurity).toMatchObject({
      AccessControlMaxAgeSec: 63_072_000,
      IncludeSubdomains: true,
    });
    expect(security.ContentTypeOptions).toMatchObject({ Override: true });
    expect(security.FrameOptions).toMatchObject({ FrameOption: 'DENY' });
    expect(security.ReferrerPolicy).toMatchObject({ ReferrerPolicy: 'strict-origin-when-cross-origin' });
    for (const b of [config.DefaultCacheBehavior, behavior('/api/*'), behavior('/media/*')]) {
      expect(b?.ResponseHeadersPolicyId).toBeDefined();
    }
  });

  it('keeps photo renditions at most 60 s at the edge and in browsers, whatever the object says', () => {
    const media = behavior('/media/*');
    const [[policyId, policy] = ['', {}]] = resourcesOf(web, 'AWS::CloudFront::CachePolicy').filter(([id]) =>
      JSON.stringify(media?.CachePolicyId).includes(`"${id}"`),
    );
    expect(policyId).not.toBe('');
    expect((policy as { CachePolicyConfig: unknown }).CachePolicyConfig).toMatchObject({
      DefaultTTL: 60,
      MaxTTL: 60,
      MinTTL: 0,
      ParametersInCacheKeyAndForwardedToOrigin: {
        CookiesConfig: { CookieBehavior: 'none' },
        HeadersConfig: { HeaderBehavior: 'none' },
        QueryStringsConfig: { QueryStringBehavior: 'none' },
      },
    });
    const [[headersId, headers] = ['', {}]] = resourcesOf(
      web,
      'AWS::CloudFront::ResponseHeadersPolicy',
    ).filter(([id]) => JSON.stringify(media?.ResponseHeadersPolicyId).includes(`"${id}"`));
    expect(headersId).not.toBe('');
    const headersConfig = (headers as { ResponseHeadersPolicyConfig: Record<string, unknown> })
      .ResponseHeadersPolicyConfig;
    expect(headersConfig.CustomHeadersConfig).toEqual({
      Items: [{ Header: 'Cache-Control', Value: 'public, max-age=60', Override: true }],
    });
    expect(headersConfig.SecurityHeadersConfig).toMatchObject({ ContentTypeOptions: { Override: true } });
    // Not the managed CachingOptimized policy (up to a year at the edge).
    expect(media?.CachePolicyId).not.toBe(CACHING_OPTIMIZED);
  });

  it('deploys the SPA (or a placeholder page when web/dist is not built) with index.html revalidated', () => {
    const deployments = resourcesOf(web, 'Custom::CDKBucketDeployment');
    expect(deployments).toHaveLength(2);
    expect(deployments.map(([, d]) => JSON.stringify(d.SystemMetadata ?? {}))).toEqual(
      expect.arrayContaining([expect.stringContaining('immutable'), expect.stringContaining('no-cache')]),
    );
  });
});
