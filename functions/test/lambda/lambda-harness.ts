import { randomBytes } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, NoSuchKey } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { S3Event } from 'aws-lambda';
import S3rver from 's3rver';
import { createDynamoDbStore } from '../../src/adapters/dynamodb/store';
import { createTable } from '../../src/adapters/dynamodb/table';
import { createS3Client } from '../../src/adapters/s3/s3-client';
import type { FunctionGroup } from '../../src/handlers/http/http-route';
import type { HttpEvent, HttpResult } from '../../src/handlers/http/middleware/types';
import type { MailMessage } from '../../src/ports/mailer';
import { httpRoutes } from '../../src/routes';
import { keyIdOf } from '../../src/runtime/access-token-keys';
import { resetDeps } from '../../src/runtime/aws/deps';
import {
  DEFAULT_ROUTE_GROUP,
  httpEntryFile,
  httpFunctionGroups,
  PHOTO_EVENTS_ENTRY,
} from '../../src/runtime/aws/function-groups';
import {
  buildHttpApiEvent,
  lambdaContext,
  newGatewayRequestId,
} from '../../src/runtime/lab/api-gateway-event';
import { compileRouteTable } from '../../src/runtime/lab/route-matcher';
import type { RunningApi } from '../api/api-targets';
import { adminOn } from '../support/admin-on';
import { dynamoDbLocalClientConfig, startDynamoDbLocal } from '../support/dynamodb-local';
import { TEST_JWT_SECRET } from '../support/lab-server';
import { startRecordingSqs } from '../support/recording-sqs';
import { S3RVER_CREDENTIALS } from '../support/s3rver';

/**
 * Lambda mode of the API tests: the SAME interface as the lab target (`RunningApi`), but no server runs.
 * `fetch` turns each request into the API Gateway v2 HTTP event API Gateway would send (the lab runtime's
 * own event builder and route selection, i.e. one emulation of API Gateway for both worlds), and invokes the
 * AWS entry handler of the route's function group (`functions/src/runtime/aws/entries/<group>.ts`, the very
 * modules the CDK app bundles), with their AWS wiring (`runtime/aws/deps.ts`) pointed at DynamoDB Local and
 * s3rver through the environment, and the JWT secret given literally (JWT_SECRET) instead of Secrets Manager.
 *
 * What S3 and CloudFront do around the functions is emulated too: an object created under `uploads/`
 * (the browser's presigned POST to s3rver) invokes the photo function with s3rver's S3 event, as the bucket
 * notification does; `GET /media/*` reads the bucket, as CloudFront's `/media/*` behaviour does.
 */
export interface LambdaApi extends RunningApi {
  /** The S3-compatible endpoint browsers upload to (the presigned POST's URL points there). */
  s3Endpoint: string;
  bucket: string;
  /** Resolves once every photo event delivered so far has been processed by the photo function. */
  photoEventsSettled(): Promise<void>;
  /** Function groups invoked so far, in order (`$default` requests count for the default group). */
  invocations: FunctionGroup[];
  /** Mail the API functions queued (SendMessage to the mail queue, a local stand-in), oldest first. */
  sentMail: MailMessage[];
}

type HttpHandler = (event: HttpEvent, context: object) => Promise<HttpResult>;
type PhotoHandler = (event: S3Event, context?: object) => Promise<void>;

const BASE_URL = 'http://lambda.localhost';
let running = false;

async function importHandler<T>(file: string): Promise<T> {
  const module: unknown = await import(file);
  if (typeof module !== 'object' || module === null || !('handler' in module)) {
    throw new Error(`${file} exports no handler`);
  }
  return module.handler as T;
}

export interface LambdaApiOptions {
  /**
   * Environment overrides on top of what the CDK app sets (undefined unsets): e.g. JWT_SECRET_ARN and
   * AWS_ENDPOINT_URL_SECRETS_MANAGER instead of the literal JWT_SECRET, to read the key set from a local
   * Secrets Manager.
   */
  env?: Record<string, string | undefined>;
}

/** Starts DynamoDB Local and s3rver, points the AWS runtime at them and loads every entry handler. */
export async function startLambdaApi(options: LambdaApiOptions = {}): Promise<LambdaApi> {
  if (running) throw new Error('one Lambda-mode API per process: the AWS runtime reads process.env');
  running = true;
  const cleanups: (() => Promise<void>)[] = [];
  const cleanup = async () => {
    for (const step of cleanups.reverse()) await step().catch(() => undefined);
    running = false;
  };
  try {
    const dynamo = await startDynamoDbLocal();
    cleanups.push(() => dynamo.stop());
    const tableName = `lambda-${randomBytes(6).toString('hex')}`;
    // DynamoDB Local keeps one database per access key and region: create the table with the key the
    // functions sign with (s3rver's, set below for both services).
    const dynamoClient = new DynamoDBClient({
      ...dynamoDbLocalClientConfig(dynamo.endpoint),
      credentials: S3RVER_CREDENTIALS,
    });
    await createTable(dynamoClient, tableName);
    cleanups.push(async () => {
      await dynamoClient.send(new DeleteTableCommand({ TableName: tableName }));
      dynamoClient.destroy();
    });
    // What an operator's `npm run admin` opens: a store on the same table.
    const operatorStore = createDynamoDbStore({
      client: DynamoDBDocumentClient.from(
        new DynamoDBClient({
          ...dynamoDbLocalClientConfig(dynamo.endpoint),
          credentials: S3RVER_CREDENTIALS,
        }),
      ),
      tableName,
    });
    cleanups.push(() => operatorStore.close());

    const bucket = 'dating-test-photos';
    const directory = await mkdtemp(join(tmpdir(), 'lambda-s3-'));
    const s3rver = new S3rver({
      port: 0,
      address: '127.0.0.1',
      directory,
      silent: true,
      configureBuckets: [{ name: bucket }],
    });
    const { port } = await s3rver.run();
    const s3Endpoint = `http://127.0.0.1:${port}`;
    cleanups.push(async () => {
      s3rver.httpServer?.closeAllConnections();
      await s3rver.close();
      await rm(directory, { recursive: true, force: true });
    });

    const mailQueue = await startRecordingSqs();
    cleanups.push(() => mailQueue.stop());

    // What the CDK app sets on every function, pointed at the local services.
    const defaults: Record<string, string> = {
      STAGE: 'test',
      APP_VERSION: '0.0.0-test',
      TABLE_NAME: tableName,
      JWT_SECRET: TEST_JWT_SECRET,
      PASSWORD_HASH_COST: '14',
      PHOTOS_BUCKET: bucket,
      S3_ENDPOINT: s3Endpoint,
      LOG_LEVEL: 'error',
      RATE_LIMITS: 'off',
      PUBLIC_ORIGIN: 'https://heartwood.test',
      // The functional suites exercise discovery and chat without reading verification mail.
      EMAIL_VERIFICATION: 'off',
      MAIL_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/test-mail',
      AWS_ENDPOINT_URL_SQS: mailQueue.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      // DynamoDB Local takes any credentials; s3rver checks signatures made with its fixed ones.
      AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
    };
    const overrides = Object.entries(options.env ?? {});
    const env: Record<string, string> = { ...defaults };
    for (const [key, value] of overrides) {
      if (value === undefined) delete env[key];
      else env[key] = value;
    }
    const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
    const unset = [
      'JWT_SECRET_ARN',
      'JWT_PREVIOUS_SECRET',
      'WEBSOCKET_CALLBACK_URL',
      'AWS_PROFILE',
      'AWS_SESSION_TOKEN',
      'AWS_ENDPOINT_URL',
      ...overrides.filter(([, value]) => value === undefined).map(([key]) => key),
    ].filter((key) => !(key in env));
    const savedUnset = Object.fromEntries(unset.map((key) => [key, process.env[key]]));
    Object.assign(process.env, env);
    for (const key of unset) delete process.env[key];
    cleanups.push(async () => {
      await resetDeps();
      for (const [key, value] of Object.entries({ ...saved, ...savedUnset })) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    });
    await resetDeps();

    const handlers = new Map<FunctionGroup, HttpHandler>();
    for (const group of httpFunctionGroups())
      handlers.set(group, await importHandler<HttpHandler>(httpEntryFile(group)));
    const processPhoto = await importHandler<PhotoHandler>(PHOTO_EVENTS_ENTRY);
    const matchRoute = compileRouteTable(httpRoutes);
    const invocations: FunctionGroup[] = [];

    // The bucket notification: ObjectCreated under uploads/ -> the photo function (asynchronously).
    const pending = new Set<Promise<void>>();
    (s3rver as unknown as EventEmitter).on('event', (event: S3Event) => {
      const records = event.Records.filter(
        (record) =>
          record.eventName.startsWith('ObjectCreated:') && record.s3.object.key.startsWith('uploads/'),
      );
      if (records.length === 0) return;
      const run = processPhoto({ Records: records }).catch(() => undefined);
      pending.add(run);
      void run.finally(() => pending.delete(run));
    });

    const s3 = createS3Client({
      region: 'us-east-1',
      endpoint: s3Endpoint,
      forcePathStyle: true,
      credentials: S3RVER_CREDENTIALS,
    });
    cleanups.push(async () => s3.destroy());

    /** CloudFront's `/media/*` behaviour: the object, or the 403 S3 answers through OAC for a missing key. */
    const serveMedia = async (key: string): Promise<Response> => {
      try {
        const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        const body = (await object.Body?.transformToByteArray()) ?? new Uint8Array();
        const headers = new Headers();
        if (object.ContentType) headers.set('content-type', object.ContentType);
        if (object.CacheControl) headers.set('cache-control', object.CacheControl);
        return new Response(body, { status: 200, headers });
      } catch (error) {
        if (error instanceof NoSuchKey) return new Response('AccessDenied', { status: 403 });
        throw error;
      }
    };

    const fetchLike = async (input: string, init: RequestInit = {}): Promise<Response> => {
      const url = new URL(input);
      const method = (init.method ?? 'GET').toUpperCase();
      const path = decodeURIComponent(url.pathname);
      if (path.startsWith('/media/') && (method === 'GET' || method === 'HEAD')) {
        return serveMedia(path.slice(1));
      }
      if (!path.startsWith('/api/')) {
        throw new Error(
          `Lambda mode serves /api/* and /media/* only (CloudFront sends the rest to S3): ${path}`,
        );
      }
      const headers = new Headers(init.headers);
      if (!headers.has('host')) headers.set('host', url.host);
      if (!headers.has('user-agent')) headers.set('user-agent', 'lambda-harness');
      const rawHeaders: string[] = [];
      for (const [name, value] of headers) rawHeaders.push(name, value);
      const body = await bodyBytes(init.body);

      const match = matchRoute(method, path);
      const group = match?.route.group ?? DEFAULT_ROUTE_GROUP;
      const handler = handlers.get(group);
      if (!handler) throw new Error(`no entry handler for group ${group}`);
      invocations.push(group);
      const receivedAt = new Date();
      const event = buildHttpApiEvent(
        {
          method,
          path,
          rawQueryString: url.search.replace(/^\?/, ''),
          rawHeaders,
          httpVersion: '1.1',
          body,
          client: {
            sourceIp: '127.0.0.1',
            protocol: 'http',
            port: url.port || '80',
            forwardedFor: '127.0.0.1',
          },
          requestId: newGatewayRequestId(),
          receivedAt,
        },
        match,
      );
      const result = await handler(event, lambdaContext(`lambda-${group}`, receivedAt.getTime() + 30_000));
      return toResponse(result, method);
    };

    return {
      url: BASE_URL,
      fetch: fetchLike,
      auth: {
        secret: new TextEncoder().encode(TEST_JWT_SECRET),
        kid: keyIdOf(TEST_JWT_SECRET),
        issuer: 'dating-app',
        audience: 'dating-app',
      },
      s3Endpoint,
      bucket,
      invocations,
      admin: (args) => adminOn(operatorStore, args),
      sentMail: mailQueue.queued,
      async photoEventsSettled() {
        while (pending.size > 0) await Promise.all([...pending]);
      },
      async close() {
        while (pending.size > 0) await Promise.all([...pending]);
        await cleanup();
      },
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

async function bodyBytes(body: RequestInit['body']): Promise<Buffer> {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return Buffer.from(body);
  if (body instanceof ArrayBuffer) return Buffer.from(new Uint8Array(body));
  // FormData, Blob, streams: let the platform encode them, as a browser would.
  return Buffer.from(await new Response(body).arrayBuffer());
}

/** What API Gateway makes of a payload-2.0 result (cookies become Set-Cookie lines). */
function toResponse(result: HttpResult, method: string): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(result.headers ?? {})) headers.set(name, String(value));
  for (const cookie of result.cookies ?? []) headers.append('set-cookie', cookie);
  const status = result.statusCode ?? 200;
  const bytes =
    result.body === undefined
      ? undefined
      : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  const empty = status === 204 || status === 304 || method === 'HEAD' || bytes === undefined;
  return new Response(empty ? null : bytes, { status, headers });
}
