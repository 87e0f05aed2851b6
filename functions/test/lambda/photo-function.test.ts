import { randomBytes } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { S3Event } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDbStore } from '../../src/adapters/dynamodb/store';
import { createTable } from '../../src/adapters/dynamodb/table';
import { newId } from '../../src/domain/ids';
import { MAX_PHOTOS_PER_USER, uploadKey } from '../../src/domain/photos';
import type { Store } from '../../src/ports/repositories';
import { createAwsDeps, resetDeps } from '../../src/runtime/aws/deps';
import { PHOTO_EVENTS_ENTRY } from '../../src/runtime/aws/function-groups';
import { objectCreatedPostEvent } from '../../src/runtime/lab/s3-event';
import { newMediaToken } from '../../src/services/photos/photo-media';
import { aUser } from '../contract/fixtures';
import { type DynamoDbLocal, dynamoDbLocalClientConfig, startDynamoDbLocal } from '../support/dynamodb-local';
import { cameraJpeg } from '../support/images';
import { type RunningS3rver, S3RVER_CREDENTIALS, startS3rver } from '../support/s3rver';

type PhotoHandler = (event: S3Event, context?: object) => Promise<void>;

/**
 * The photo-processing function as the CDK app configures it: no JWT_SECRET_ARN (and no JWT_SECRET) in its
 * environment and no IAM grant to read the key (infra/lib/photo-stack.ts). It must start and process uploads
 * regardless, against DynamoDB Local and s3rver.
 */
describe('photo-processing function without any JWT configuration', () => {
  let dynamo: DynamoDbLocal;
  let s3: RunningS3rver;
  let tableClient: DynamoDBClient;
  let store: Store;
  const tableName = `photo-fn-${randomBytes(4).toString('hex')}`;
  const saved = { ...process.env };

  beforeAll(async () => {
    [dynamo, s3] = await Promise.all([startDynamoDbLocal(), startS3rver('dating-test-photos')]);
    tableClient = new DynamoDBClient({
      ...dynamoDbLocalClientConfig(dynamo.endpoint),
      credentials: S3RVER_CREDENTIALS,
    });
    await createTable(tableClient, tableName);
    store = createDynamoDbStore({ client: DynamoDBDocumentClient.from(tableClient), tableName });
    for (const key of [
      'JWT_SECRET',
      'JWT_SECRET_ARN',
      'AWS_PROFILE',
      'AWS_SESSION_TOKEN',
      'AWS_ENDPOINT_URL',
    ])
      delete process.env[key];
    Object.assign(process.env, {
      STAGE: 'test',
      TABLE_NAME: tableName,
      PHOTOS_BUCKET: s3.bucket,
      S3_ENDPOINT: s3.endpoint,
      LOG_LEVEL: 'error',
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
    });
    await resetDeps();
  }, 240_000); // DynamoDB Local starts slowly on a busy machine

  afterAll(async () => {
    await resetDeps();
    process.env = saved;
    await tableClient?.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
    tableClient?.destroy();
    await s3?.stop();
    await dynamo?.stop();
  });

  it('initialises and turns an upload into a ready photo', async () => {
    const user = aUser();
    await store.users.create(user);
    const photoId = newId();
    const bytes = await cameraJpeg(400, 300);
    await store.photos.add(
      {
        id: photoId,
        userId: user.id,
        contentType: 'image/jpeg',
        declaredSize: bytes.byteLength,
        mediaToken: newMediaToken(),
        createdAt: new Date().toISOString(),
      },
      MAX_PHOTOS_PER_USER,
    );
    const key = uploadKey(user.id, photoId);
    await s3
      .client()
      .send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: bytes, ContentType: 'image/jpeg' }));

    const { handler } = (await import(PHOTO_EVENTS_ENTRY)) as { handler: PhotoHandler };
    await handler(
      objectCreatedPostEvent({
        bucket: s3.bucket,
        key,
        size: bytes.byteLength,
        body: bytes,
        sourceIp: '127.0.0.1',
        region: 'us-east-1',
        eventTime: new Date(),
      }),
    );
    expect(await store.photos.get(user.id, photoId)).toMatchObject({ status: 'ready' });
  });

  it('holds no auth configuration: reaching for it fails loudly instead of using a key', async () => {
    const deps = await createAwsDeps(process.env, { auth: false });
    try {
      expect(() => deps.config.auth).toThrow(/without auth configuration/);
    } finally {
      await deps.store.close();
    }
  });

  it('is the only function that may start without a JWT key', async () => {
    await expect(createAwsDeps(process.env)).rejects.toThrow(/JWT_SECRET_ARN is required/);
  });
});
