import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import {
  Annotations,
  CfnOutput,
  Duration,
  Fn,
  RemovalPolicy,
  SecretValue,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import type { IHttpApi, IWebSocketApi, IWebSocketStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Function as CloudFrontFunction,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestCookieBehavior,
  OriginRequestHeaderBehavior,
  OriginRequestPolicy,
  OriginRequestQueryStringBehavior,
  OriginSslPolicy,
  type PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type IBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { ORIGIN_VERIFY_HEADER } from '../../functions/src/runtime/aws/viewer-address';
import { contentSecurityPolicy } from '../../functions/src/runtime/content-security-policy';
import { WEBSOCKET_STAGE } from './api-stack';
import { REPO_ROOT } from './bundled-function';
import type { StageConfig } from './config';
import { MEDIA_PREFIX, originVerifySecretName } from './data-stack';
import { mediaCaching } from './media-caching';
import { acknowledge, acknowledgeWildcards, BASIC_EXECUTION_ROLE_FINDING } from './nag';
import { photosBucketArn, photosBucketName, photosBucketRegionalDomainName } from './photos-bucket';
import { PLACEHOLDER_INDEX_HTML, SPA_FALLBACK_CODE } from './spa-fallback';

export interface WebStackProps extends StackProps {
  config: StageConfig;
  httpApi: IHttpApi;
  webSocketApi: IWebSocketApi;
  webSocketStage: IWebSocketStage;
  logBucket?: IBucket;
  /** The web ACL to attach: the app's own (waf-stack.ts) or `webAclArn`'s; none when undefined. */
  webAclArn?: string;
}

/** Headers of the WebSocket handshake that API Gateway needs; nothing else of the viewer's goes through. */
export const WEBSOCKET_HEADERS = [
  'Sec-WebSocket-Key',
  'Sec-WebSocket-Version',
  'Sec-WebSocket-Protocol',
  'Sec-WebSocket-Extensions',
];

/** `https://abc.execute-api.eu-west-1.amazonaws.com` -> the host name CloudFront connects to. */
const hostOf = (endpoint: string) => Fn.select(2, Fn.split('/', endpoint));

/**
 * One origin for everything (docs/architecture.md, Security): CloudFront serves the SPA from a private bucket and
 * routes `/api/*` to the HTTP API, `/ws` to the WebSocket API and `/media/*` to the photos bucket.
 */
export class WebStack extends Stack {
  readonly distribution: Distribution;
  readonly siteBucket: Bucket;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.siteBucket = new Bucket(this, 'Site', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Only build output lives here; BucketDeployment puts it back on every deploy. Outside production the
      // bucket empties itself on destroy, so `cdk destroy` of a test stage leaves nothing behind.
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: !config.production,
      ...(props.logBucket
        ? { serverAccessLogsBucket: props.logBucket, serverAccessLogsPrefix: 'site/' }
        : {}),
    });
    if (!props.logBucket) {
      acknowledge(
        this.siteBucket,
        'AwsSolutions-S1',
        'Server access logging is off in this stage (context accessLogs=false) to save cost; production turns it on.',
      );
    }

    const securityHeaders = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: `Dating app ${config.stage}: CSP, HSTS, nosniff, no framing, referrer policy`,
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          // The policy the lab runtime sends too. The WebSocket's exact origin (for pre-CSP3 browsers, where
          // 'self' does not cover wss:) is known only with a custom domain; the presigned POST goes to the
          // photos bucket directly.
          contentSecurityPolicy: contentSecurityPolicy({
            connectOrigins: [
              ...(config.domainName === undefined ? [] : [`wss://${config.domainName}`]),
              `https://${photosBucketRegionalDomainName(this, config.stage)}`,
            ],
            upgradeInsecureRequests: true,
          }),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
      },
      customHeadersBehavior: {
        customHeaders: [
          {
            header: 'Permissions-Policy',
            value: 'camera=(), microphone=(), geolocation=(self)',
            override: true,
          },
        ],
      },
    });

    // Both API origins get the origin-verify secret: the functions refuse requests without it (403), so the
    // execute-api endpoints cannot be called around CloudFront and its web ACL, and they trust the viewer
    // address CloudFront puts in X-Forwarded-For (functions/src/runtime/aws/origin-verify.ts, viewer-address.ts).
    const originVerify = {
      [ORIGIN_VERIFY_HEADER]: SecretValue.secretsManager(originVerifySecretName(config.stage)).unsafeUnwrap(),
    };
    const apiOrigin = new HttpOrigin(hostOf(props.httpApi.apiEndpoint), {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [OriginSslPolicy.TLS_V1_2],
      customHeaders: originVerify,
    });
    // No originPath: the viewer's `/ws` arrives as `/ws`, the name of the WebSocket stage. CloudFront adds the
    // custom header to the upgrade request, which API Gateway hands to `$connect`.
    const webSocketOrigin = new HttpOrigin(hostOf(props.webSocketApi.apiEndpoint), {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [OriginSslPolicy.TLS_V1_2],
      customHeaders: originVerify,
    });
    if (props.webSocketStage.stageName !== WEBSOCKET_STAGE) {
      throw new Error(
        `the WebSocket stage must be named "${WEBSOCKET_STAGE}" to be served on /${WEBSOCKET_STAGE}`,
      );
    }
    const webSocketRequests = new OriginRequestPolicy(this, 'WebSocketRequests', {
      comment: 'WebSocket handshake: the ticket query string and Sec-WebSocket-* headers, never Host',
      headerBehavior: OriginRequestHeaderBehavior.allowList(...WEBSOCKET_HEADERS),
      queryStringBehavior: OriginRequestQueryStringBehavior.all(),
      cookieBehavior: OriginRequestCookieBehavior.none(),
    });

    // Imported: granting OAC on the data stack's bucket from here would make the data stack depend on this
    // one; the data stack's bucket policy already lets this account's distributions read media/*.
    const photosBucket = Bucket.fromBucketAttributes(this, 'PhotosBucket', {
      bucketName: photosBucketName(this, config.stage),
      bucketArn: photosBucketArn(this, config.stage),
      bucketRegionalDomainName: photosBucketRegionalDomainName(this, config.stage),
    });

    const media = mediaCaching(this, config.stage);

    const spaFallback = new CloudFrontFunction(this, 'SpaFallback', {
      code: FunctionCode.fromInline(SPA_FALLBACK_CODE),
      runtime: FunctionRuntime.JS_2_0,
      comment: 'Client-side routes -> /index.html (default behaviour only)',
    });

    const certificate = config.certificateArn
      ? Certificate.fromCertificateArn(this, 'Certificate', config.certificateArn)
      : undefined;
    this.distribution = new Distribution(this, 'Distribution', {
      comment: `Dating app ${config.stage}`,
      defaultRootObject: 'index.html',
      priceClass: config.priceClass as PriceClass,
      httpVersion: HttpVersion.HTTP2_AND_3,
      ...(certificate && config.domainName
        ? {
            certificate,
            domainNames: [config.domainName],
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      ...(props.webAclArn ? { webAclId: props.webAclArn } : {}),
      ...(props.logBucket
        ? { enableLogging: true, logBucket: props.logBucket, logFilePrefix: 'cloudfront/' }
        : {}),
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.siteBucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: securityHeaders,
        functionAssociations: [{ function: spaFallback, eventType: FunctionEventType.VIEWER_REQUEST }],
        compress: true,
      },
      additionalBehaviors: {
        '/api/*': {
          origin: apiOrigin,
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          // Every viewer header, cookie and query string EXCEPT Host: API Gateway answers 403 to a foreign Host.
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: securityHeaders,
          compress: true,
        },
        [`/${WEBSOCKET_STAGE}`]: {
          origin: webSocketOrigin,
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: webSocketRequests,
          compress: false,
        },
        [`/${MEDIA_PREFIX}*`]: {
          origin: S3BucketOrigin.withOriginAccessControl(photosBucket),
          viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          cachePolicy: media.cachePolicy,
          responseHeadersPolicy: media.responseHeadersPolicy,
          compress: false,
        },
      },
    });
    for (const node of this.distribution.node.findAll()) {
      Annotations.of(node).acknowledgeWarning(
        '@aws-cdk/aws-cloudfront-origins:updateImportedBucketPolicyOac',
        'The photos bucket (data stack) already lets CloudFront distributions of this account read media/* ' +
          '(data-stack.ts); granting this distribution by id from here would make the data stack depend on this one.',
      );
    }
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR1',
      'A dating service open to every country it is offered in; geo restriction is a product decision, not a default.',
    );
    if (!props.webAclArn) {
      acknowledge(
        this.distribution,
        'AwsSolutions-CFR2',
        'No web ACL in this non-production stage (context waf=false; a web ACL costs from ~$10/month): the app ' +
          'rate-limits per IP and account, API Gateway throttles per stage and per password route. Production ' +
          'creates one by default; set context waf=true or webAclArn to attach one here.',
      );
    }
    if (!props.logBucket) {
      acknowledge(
        this.distribution,
        'AwsSolutions-CFR3',
        'Access logging is off in this stage (context accessLogs=false) to save cost; production turns it on.',
      );
    }
    if (!certificate) {
      acknowledge(
        this.distribution,
        'AwsSolutions-CFR4',
        'Without a custom domain the distribution uses the *.cloudfront.net certificate, whose TLS policy cannot ' +
          'be chosen; set context domainName + certificateArn to enforce TLSv1.2_2021.',
      );
    }

    this.deploySite(config);

    new CfnOutput(this, 'SiteUrl', {
      value: `https://${config.domainName ?? this.distribution.distributionDomainName}`,
    });
    new CfnOutput(this, 'DistributionId', { value: this.distribution.distributionId });
  }

  /**
   * The SPA in two deployments: hashed assets cached for a year (and never pruned, so a tab that loaded the
   * previous index.html still finds its chunks), and index.html revalidated on every load.
   */
  private deploySite(config: StageConfig) {
    const dist = isAbsolute(config.webDistDir) ? config.webDistDir : join(REPO_ROOT, config.webDistDir);
    const built = existsSync(join(dist, 'index.html'));
    const source = built ? Source.asset(dist) : Source.data('index.html', PLACEHOLDER_INDEX_HTML);
    new BucketDeployment(this, 'DeployAssets', {
      sources: [source],
      destinationBucket: this.siteBucket,
      exclude: ['index.html'],
      prune: false,
      cacheControl: [
        CacheControl.setPublic(),
        CacheControl.maxAge(Duration.days(365)),
        CacheControl.immutable(),
      ],
      memoryLimit: 512,
    });
    new BucketDeployment(this, 'DeployIndex', {
      sources: [source],
      destinationBucket: this.siteBucket,
      exclude: ['*'],
      include: ['index.html'],
      prune: false,
      cacheControl: [CacheControl.noCache()],
      memoryLimit: 512,
    });
    for (const node of this.node.findAll()) {
      if (!node.node.id.startsWith('Custom::CDKBucketDeployment')) continue;
      acknowledge(
        node,
        BASIC_EXECUTION_ROLE_FINDING,
        'CDK’s BucketDeployment handler logs with AWSLambdaBasicExecutionRole; it runs only during deploys.',
      );
      acknowledgeWildcards(
        node,
        () => true,
        'CDK’s BucketDeployment handler copies the build from the CDK asset bucket into the site bucket: its ' +
          'policy (object and action wildcards on those two buckets) is CDK’s own; it runs only during deploys.',
      );
      acknowledge(
        node,
        'AwsSolutions-L1',
        'The runtime of CDK’s BucketDeployment handler is chosen by aws-cdk-lib and moves with its upgrades.',
      );
    }
  }
}
