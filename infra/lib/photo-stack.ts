import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { S3EventSourceV2 } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Bucket, EventType, type IBucket } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { PHOTO_EVENTS_ENTRY } from '../../functions/src/runtime/aws/function-groups';
import { WEBSOCKET_STAGE } from './api-stack';
import { BundledFunction, REPO_ROOT } from './bundled-function';
import type { StageConfig } from './config';
import { UPLOADS_PREFIX } from './data-stack';
import { grantManageConnections, grantPhotoItemAccess, grantPhotoObjects } from './grants';
import { acknowledge, acknowledgeWildcards, BASIC_EXECUTION_ROLE_FINDING } from './nag';
import { photosBucketArn, photosBucketName } from './photos-bucket';

/** The photo function's entry (S3 event -> services/photos/process-upload). */
export const PHOTO_ENTRY = PHOTO_EVENTS_ENTRY;

export interface PhotoStackProps extends StackProps {
  config: StageConfig;
  table: ITableV2;
  /** The WebSocket API (its id as exported by the API stack): the function tells owners their photo is ready. */
  webSocketApiId: string;
  entry?: string;
  stubCode?: boolean;
}

/**
 * Photo processing: S3 `ObjectCreated` under `uploads/` invokes the photo function (sharp), which writes
 * the WebP renditions under `media/`, deletes the upload and marks the photo. Events that still fail after
 * Lambda's two async retries land in a dead-letter queue (alarmed by the monitoring stack). The function
 * serves no user request: it has no JWT key (neither in its environment nor in its role) and only the table
 * actions photo items need (grants.ts).
 */
export class PhotoStack extends Stack {
  readonly photoFunction: BundledFunction;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: PhotoStackProps) {
    super(scope, id, props);
    const { config } = props;
    const entry = props.entry ?? PHOTO_ENTRY;

    this.deadLetterQueue = new Queue(this, 'PhotoEventsDlq', {
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    acknowledge(
      this.deadLetterQueue,
      'AwsSolutions-SQS3',
      'This queue is itself the dead-letter destination of the photo function; messages are inspected and ' +
        'redriven by hand (an alarm fires on the first one).',
    );

    this.photoFunction = new BundledFunction(this, 'Fn-photo', {
      entry,
      description: `${config.stage}: S3 uploads/ -> sharp -> media/ renditions`,
      memoryMb: config.photoMemoryMb,
      timeout: Duration.seconds(60),
      logRetention: config.logRetentionDays,
      ...(config.photoReservedConcurrency === undefined
        ? {}
        : { reservedConcurrency: config.photoReservedConcurrency }),
      environment: {
        STAGE: config.stage,
        APP_VERSION: config.appVersion,
        TABLE_NAME: props.table.tableName,
        PHOTOS_BUCKET: photosBucketName(this, config.stage),
        WEBSOCKET_CALLBACK_URL: `https://${props.webSocketApiId}.execute-api.${this.region}.${this.urlSuffix}/${WEBSOCKET_STAGE}`,
        LOG_LEVEL: 'info',
      },
      ...(props.stubCode
        ? { stubCode: true }
        : {
            bundling: {
              // sharp is native: the linux-arm64 build is copied next to the bundle (see sharpForLambda).
              externalModules: ['sharp'],
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (_inputDir: string, outputDir: string) => [
                  `cp -R "${sharpForLambda()}/node_modules" "${outputDir}/node_modules"`,
                ],
              },
            },
          }),
    });
    const fn = this.photoFunction.function;
    fn.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(1),
      onFailure: new SqsDestination(this.deadLetterQueue),
    });

    // The bucket belongs to the data stack; notifications set from here (on the imported bucket, through
    // CDK's notifications custom resource) keep the dependency one-way: data <- photo.
    const bucket: IBucket = Bucket.fromBucketAttributes(this, 'PhotosBucket', {
      bucketName: photosBucketName(this, config.stage),
      bucketArn: photosBucketArn(this, config.stage),
    });
    fn.addEventSource(
      new S3EventSourceV2(bucket, {
        events: [EventType.OBJECT_CREATED],
        filters: [{ prefix: UPLOADS_PREFIX }],
      }),
    );

    grantPhotoItemAccess(this.photoFunction, props.table);
    grantPhotoObjects(this.photoFunction, photosBucketArn(this, config.stage), 'processor');
    grantManageConnections(this.photoFunction, props.webSocketApiId, WEBSOCKET_STAGE);

    // CDK's singleton that writes the bucket's notification configuration.
    for (const node of this.node.findAll()) {
      if (!node.node.id.startsWith('BucketNotificationsHandler')) continue;
      acknowledge(
        node,
        BASIC_EXECUTION_ROLE_FINDING,
        'CDK’s bucket-notifications custom resource logs with AWSLambdaBasicExecutionRole; it runs only during deploys.',
      );
      acknowledgeWildcards(
        node,
        () => true,
        'CDK’s bucket-notifications custom resource policy (s3:PutBucketNotification) is CDK’s own; it runs only ' +
          'during deploys.',
      );
    }
  }
}

/**
 * sharp for linux-arm64, the version our lock file pins, installed once into infra/.cache by npm (its
 * `--os/--cpu/--libc` flags select the prebuilt `@img/sharp-linux-arm64` + libvips packages); later synths
 * reuse it offline. The photo bundle keeps `sharp` external and gets this `node_modules` next to it, which
 * ESM `import sharp from 'sharp'` resolves (a layer under /opt would not be on the ESM resolution path).
 */
export function sharpForLambda(): string {
  const pinned = readPinnedVersion('sharp');
  const dir = join(REPO_ROOT, 'infra', '.cache', `sharp-${pinned}-linux-arm64`);
  if (existsSync(join(dir, 'node_modules', '@img', 'sharp-linux-arm64'))) return dir;
  mkdirSync(dir, { recursive: true });
  const install = spawnSync(
    'npm',
    [
      'install',
      '--prefix',
      dir,
      '--no-save',
      '--no-package-lock',
      '--no-audit',
      '--no-fund',
      '--os=linux',
      '--cpu=arm64',
      '--libc=glibc',
      `sharp@${pinned}`,
    ],
    { stdio: 'inherit', cwd: dir },
  );
  if (install.status !== 0) throw new Error(`could not install sharp ${pinned} for linux-arm64 into ${dir}`);
  return dir;
}

function readPinnedVersion(name: string): string {
  const lock: unknown = JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8'));
  const packages =
    typeof lock === 'object' && lock !== null && 'packages' in lock
      ? (lock.packages as Record<string, unknown>)
      : {};
  const entry = packages[`node_modules/${name}`];
  const version =
    typeof entry === 'object' && entry !== null && 'version' in entry && typeof entry.version === 'string'
      ? entry.version
      : undefined;
  if (!version) throw new Error(`${name} is not in package-lock.json`);
  return version;
}
