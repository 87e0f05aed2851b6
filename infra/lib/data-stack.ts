import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, Billing, ProjectionType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  HttpMethods,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import {
  GSI1,
  GSI2,
  PARTITION_KEY,
  SORT_KEY,
  TTL_ATTRIBUTE,
} from '../../functions/src/adapters/dynamodb/table';
import type { StageConfig } from './config';
import { acknowledge } from './nag';
import { photosBucketName } from './photos-bucket';

/** Named, so CloudFront (a dynamic reference) and the functions find it without cross-stack references. */
export const originVerifySecretName = (stage: string) => `dating-${stage}-origin-verify`;

export interface DataStackProps extends StackProps {
  config: StageConfig;
}

/** Browser uploads land under this prefix and are processed (then deleted) within seconds. */
export const UPLOADS_PREFIX = 'uploads/';
/** Renditions the app serves through CloudFront `/media/*`. */
export const MEDIA_PREFIX = 'media/';
/** Copies of reported people's photos, for moderators only: never behind a CloudFront behaviour. */
export const MODERATION_PREFIX = 'moderation/';

/**
 * Everything stateful: the single DynamoDB table, the photos bucket, the JWT signing key and (when access
 * logging is on) the log bucket. In production all of it is retained when the stack is deleted.
 */
export class DataStack extends Stack {
  readonly table: TableV2;
  readonly photosBucket: Bucket;
  readonly jwtSecret: Secret;
  /**
   * What CloudFront sends to the HTTP and WebSocket APIs in `x-origin-verify`; the functions refuse requests
   * without it (functions/src/runtime/aws/origin-verify.ts).
   */
  readonly originVerifySecret: Secret;
  readonly logBucket: Bucket | undefined;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { config } = props;
    const removalPolicy = config.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    // Key names come from the adapter (functions/src/adapters/dynamodb/table.ts): one definition for both.
    this.table = new TableV2(this, 'Table', {
      partitionKey: { name: PARTITION_KEY, type: AttributeType.STRING },
      sortKey: { name: SORT_KEY, type: AttributeType.STRING },
      globalSecondaryIndexes: [GSI1, GSI2].map((index) => ({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      })),
      timeToLiveAttribute: TTL_ATTRIBUTE,
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: config.production,
      removalPolicy,
    });

    this.logBucket = config.accessLogs
      ? new Bucket(this, 'AccessLogs', {
          blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
          enforceSSL: true,
          encryption: BucketEncryption.S3_MANAGED,
          // CloudFront standard logging writes with ACLs, so the log bucket must accept them.
          objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
          lifecycleRules: [{ expiration: Duration.days(config.production ? 365 : 30) }],
          removalPolicy,
        })
      : undefined;
    if (this.logBucket) {
      acknowledge(
        this.logBucket,
        'AwsSolutions-S1',
        'This is the access-log bucket itself; logging it into itself would loop.',
      );
    }

    this.photosBucket = new Bucket(this, 'Photos', {
      bucketName: photosBucketName(this, config.stage),
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Browsers POST the upload form (the presigned POST) straight to the bucket.
      cors: [
        {
          allowedMethods: [HttpMethods.POST],
          allowedOrigins: config.uploadOrigins,
          allowedHeaders: ['*'],
          maxAge: 3000,
        },
      ],
      lifecycleRules: [
        // An upload is processed and deleted within seconds; one still there a day later failed or was abandoned.
        { id: 'expire-stale-uploads', prefix: UPLOADS_PREFIX, expiration: Duration.days(1) },
        { id: 'abort-incomplete-multipart', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      ...(this.logBucket
        ? { serverAccessLogsBucket: this.logBucket, serverAccessLogsPrefix: 'photos/' }
        : {}),
      removalPolicy,
    });
    // CloudFront (OAC) may read the renditions, and only them. The distribution lives in the web stack, which
    // depends on this one: naming its id here would be a cycle, so any distribution of this account is allowed.
    this.photosBucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudFrontReadMedia',
        effect: Effect.ALLOW,
        principals: [new ServicePrincipal('cloudfront.amazonaws.com')],
        actions: ['s3:GetObject'],
        resources: [this.photosBucket.arnForObjects(`${MEDIA_PREFIX}*`)],
        conditions: {
          StringLike: { 'AWS:SourceArn': `arn:${this.partition}:cloudfront::${this.account}:distribution/*` },
        },
      }),
    );
    if (!this.logBucket) {
      acknowledge(
        this.photosBucket,
        'AwsSolutions-S1',
        'Server access logging is off in this stage (context accessLogs=false) to save cost; production turns it on.',
      );
    }

    this.jwtSecret = new Secret(this, 'JwtSecret', {
      description: `HS256 keys of the access tokens (${config.stage}): one key, or {"current","previous"} JSON; read per Lambda cold start and every 5 minutes`,
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy,
    });
    acknowledge(
      this.jwtSecret,
      'AwsSolutions-SMG4',
      'Rotated by hand with the documented two-step procedure (infra/README.md): the functions verify with the ' +
        'current and the previous key of the secret and read it again every 5 minutes, so a rotation logs no ' +
        'one out; a rotation Lambda would add a function and its permissions for a yearly operation.',
    );

    this.originVerifySecret = new Secret(this, 'OriginVerifySecret', {
      secretName: originVerifySecretName(config.stage),
      description: `Sent by CloudFront to the APIs (${config.stage}): requests without it are refused`,
      generateSecretString: { passwordLength: 48, excludePunctuation: true, includeSpace: false },
      removalPolicy,
    });
    acknowledge(
      this.originVerifySecret,
      'AwsSolutions-SMG4',
      'CloudFront reads this value at deploy time (a dynamic reference in its origin headers): rotating it ' +
        'needs a redeploy of the web and API stacks, so it is rotated by hand (update the secret, cdk deploy).',
    );
  }
}
