import { randomUUID } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { once } from 'node:events';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DeleteTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, NoSuchKey } from '@aws-sdk/client-s3';
import type { S3Event, S3EventRecord, SQSEvent } from 'aws-lambda';
import S3rver from 's3rver';
import { LocalConnectionRegistry } from '../../src/adapters/lab/local-connections';
import { createJsonLogger } from '../../src/adapters/log/json-logger';
import { createS3Client } from '../../src/adapters/s3/s3-client';
import type { WsEvent, WsResult } from '../../src/handlers/ws/ws-route';
import { buildHttpApiEvent, newGatewayRequestId } from '../../src/runtime/lab/api-gateway-event';
import { createWsGateway } from '../../src/runtime/lab/ws-gateway';
import { startDynamoDbLocal } from '../support/dynamodb-local';
import { startFakeSecretsManager } from '../support/fake-secrets-manager';
import { S3RVER_CREDENTIALS } from '../support/s3rver';
import { startSesLocal } from '../support/ses-local';
import { RehearsalError } from './cloud-assembly';
import type { Deployment, RehearsedFunction, RouteBinding } from './deployment';
import { FunctionInstances, InvocationError } from './function-instances';
import { type SqsMessage, startManagementStandIn, startSqsStandIn } from './stand-ins';

/**
 * The rehearsal's world: the synthesized functions, each in its own Node processes (function-instances.ts),
 * behind local stand-ins for everything the templates connect them to:
 * - an edge server playing CloudFront and API Gateway: `/api/*` to the function of the HTTP route the
 *   template's route table selects (`$default` otherwise), as payload 2.0 events; `/ws` to the WebSocket API
 *   (route selection on the template's route keys; the lab runtime's gateway emulation) with PostToConnection
 *   on a local management API; `/media/*` from the bucket of the S3 origin; every origin's custom headers
 *   (x-origin-verify) resolved from the templates;
 * - the tables on DynamoDB Local, created from the templates' definitions (keys, GSIs, TTL);
 * - the buckets on s3rver, whose notifications invoke the functions the templates name;
 * - the secrets on a local Secrets Manager (generated as the templates ask), the queues on a local SQS whose
 *   event source mappings invoke their functions, SES v2 on aws-ses-v2-local.
 * The functions find all of it through the SDK's endpoint variables only; credentials are dummies.
 */

export interface RouteUse {
  routeKey: string;
  api: 'HTTP' | 'WEBSOCKET' | 'S3' | 'SQS' | 'SNS';
  functionId: string;
}

export interface RehearsalWorldOptions {
  /** Environment overrides of every function on top of the endpoints (undefined unsets a variable). */
  environment?: Record<string, string | undefined>;
  /** Start the functions' first instances now (default) or on their first invocation. */
  warm?: boolean;
}

export interface RehearsalWorld {
  deployment: Deployment;
  /** The edge server: `/api/*`, `/ws`, `/media/*`. */
  url: string;
  functions: Map<string, FunctionInstances>;
  /** Every route, notification and queue mapping invoked so far, in order. */
  uses: RouteUse[];
  /** Problems outside any one request: PostToConnection to a wrong stage, failed async invocations. */
  problems: string[];
  secretValue(arn: string): string | undefined;
  /** The local SQS (JSON protocol). */
  sqsEndpoint: string;
  sesEmails(): Promise<{ subject: string; destination: { to: string[] } }[]>;
  /**
   * What SNS does for a message published to a topic: each function subscribed to it (the templates'
   * subscriptions) is invoked with the notification; resolves when they have handled it.
   */
  publish(topicArn: string, message: string): Promise<void>;
  /** Empties the tables and buckets (recreates the tables from the templates). */
  resetData(): Promise<void>;
  /** Resolves once every asynchronous invocation so far (S3 notifications, queue messages) has ended. */
  settled(): Promise<void>;
  report(): string;
  close(): Promise<void>;
}

const MAX_RECEIVES = 3;
const FUNCTIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Endpoint variables every function gets (the SDK and the app's signed requests honour them). */
const endpointVariables = (endpoints: Record<string, string>): Record<string, string> => ({
  AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb ?? '',
  AWS_ENDPOINT_URL_S3: endpoints.s3 ?? '',
  AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoints.secrets ?? '',
  AWS_ENDPOINT_URL_SQS: endpoints.sqs ?? '',
  AWS_ENDPOINT_URL_SESV2: endpoints.ses ?? '',
  AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI: endpoints.management ?? '',
  // Dummy credentials; s3rver checks SigV4 signatures made with its fixed ones, DynamoDB Local takes any.
  AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
});

/**
 * sharp ships native builds per platform: the photo function's asset carries linux-arm64 (Lambda). On another
 * host, the host's build of the same sharp (the repository's node_modules) is added next to it, in the
 * rehearsal's own copy of the assembly; the bundle itself is untouched.
 */
function addHostNativeBuilds(fn: RehearsedFunction): void {
  const img = join(fn.assetDir, 'node_modules', '@img');
  if (!existsSync(img)) return;
  const platform = `${process.platform}-${process.arch}`;
  for (const name of [`sharp-${platform}`, `sharp-libvips-${platform}`]) {
    if (existsSync(join(img, name))) continue;
    // No host build installed: the bundle then fails to load, with sharp's own message.
    const source = [join(FUNCTIONS_DIR, 'node_modules'), join(FUNCTIONS_DIR, '..', 'node_modules')]
      .map((modules) => join(modules, '@img', name))
      .find((candidate) => existsSync(candidate));
    if (source) cpSync(source, join(img, name), { recursive: true });
  }
}

/** API Gateway's route selection over the template's route keys (`METHOD /path/{param}`, `ANY`, greedy). */
function compileHttpRoutes(routes: RouteBinding[]) {
  const compiled = routes
    .filter((route) => route.api === 'HTTP' && route.routeKey !== '$default')
    .map((route) => {
      const [method = '', path = ''] = route.routeKey.split(' ');
      const names: string[] = [];
      let rank = '';
      const pattern = path
        .split('/')
        .map((segment) => {
          const param = /^\{([A-Za-z0-9_]+)(\+?)\}$/.exec(segment);
          if (!param?.[1]) {
            rank += 'a';
            return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          }
          names.push(param[1]);
          rank += param[2] ? 'c' : 'b';
          return param[2] ? '(.+)' : '([^/]+)';
        })
        .join('/');
      return { route, method, names, rank, regex: new RegExp(`^${pattern}$`) };
    })
    .sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0));
  const fallback = routes.find((route) => route.api === 'HTTP' && route.routeKey === '$default');
  return (method: string, path: string) => {
    for (const candidate of compiled) {
      if (candidate.method !== method && candidate.method !== 'ANY') continue;
      const match = candidate.regex.exec(path);
      if (!match) continue;
      const pathParameters = Object.fromEntries(candidate.names.map((name, i) => [name, match[i + 1] ?? '']));
      return {
        binding: candidate.route,
        match: {
          routeKey: candidate.route.routeKey,
          ...(candidate.names.length > 0 ? { pathParameters } : {}),
        },
      };
    }
    return fallback ? { binding: fallback, match: null } : null;
  };
}

/** CloudFront's path patterns (`/api/*`, `/ws`). */
const patternMatches = (pattern: string, path: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(path);

export async function startRehearsalWorld(
  source: Deployment,
  options: RehearsalWorldOptions = {},
): Promise<RehearsalWorld> {
  const cleanups: (() => Promise<void>)[] = [];
  const cleanup = async () => {
    for (const step of cleanups.reverse()) await step().catch(() => undefined);
  };
  try {
    return await start();
  } catch (error) {
    await cleanup();
    throw error;
  }

  async function start(): Promise<RehearsalWorld> {
    const deployment = source;
    const region = deployment.stacks[0]?.region ?? 'us-east-1';
    const uses: RouteUse[] = [];
    const problems: string[] = [];
    const pending = new Set<Promise<unknown>>();
    const track = (promise: Promise<unknown>) => {
      const tracked = promise.catch(() => undefined);
      pending.add(tracked);
      void tracked.finally(() => pending.delete(tracked));
    };

    // --- DynamoDB Local, the templates' tables ---------------------------------------------------------
    // The rehearsal starts right after a synth, often on a busy machine: Java gets two minutes.
    const dynamo = await startDynamoDbLocal({ startupTimeoutMs: 120_000 });
    cleanups.push(() => dynamo.stop());
    const dynamoClient = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region,
      credentials: S3RVER_CREDENTIALS,
    });
    cleanups.push(async () => dynamoClient.destroy());
    const createTables = async () => {
      for (const table of deployment.tables) {
        const input: CreateTableCommandInput = {
          TableName: table.name,
          KeySchema: table.keySchema,
          AttributeDefinitions: table.attributeDefinitions,
          BillingMode: 'PAY_PER_REQUEST',
          ...(table.globalSecondaryIndexes.length > 0
            ? {
                GlobalSecondaryIndexes: table.globalSecondaryIndexes.map((index) => ({
                  IndexName: index.IndexName,
                  KeySchema: index.KeySchema,
                  Projection: index.Projection,
                })),
              }
            : {}),
        };
        await dynamoClient.send(new CreateTableCommand(input));
        if (table.ttlAttribute) {
          await dynamoClient.send(
            new UpdateTimeToLiveCommand({
              TableName: table.name,
              TimeToLiveSpecification: { AttributeName: table.ttlAttribute, Enabled: true },
            }),
          );
        }
      }
    };
    await createTables();

    // --- s3rver, the templates' buckets -------------------------------------------------------------------
    const directory = mkdtempSync(join(tmpdir(), 'rehearsal-s3-'));
    const s3rver = new S3rver({
      port: 0,
      address: '127.0.0.1',
      directory,
      silent: true,
      configureBuckets: deployment.buckets.map((name) => ({ name })),
    });
    const { port: s3Port } = await s3rver.run();
    const s3Endpoint = `http://127.0.0.1:${s3Port}`;
    cleanups.push(async () => {
      s3rver.httpServer?.closeAllConnections();
      await s3rver.close();
      rmSync(directory, { recursive: true, force: true });
    });
    const s3 = createS3Client({
      region,
      endpoint: s3Endpoint,
      forcePathStyle: true,
      credentials: S3RVER_CREDENTIALS,
    });
    cleanups.push(async () => s3.destroy());

    // --- Secrets Manager, SES, SQS, the management API ---------------------------------------------------------
    const secrets = await startFakeSecretsManager();
    cleanups.push(() => secrets.close());
    for (const secret of deployment.secrets) {
      secrets.put(secret.arn, secret.value);
      secrets.put(secret.name, secret.value);
    }
    const ses = await startSesLocal();
    cleanups.push(() => ses.close());

    const functions = new Map<string, FunctionInstances>();
    const fnOf = (id: string): FunctionInstances => {
      const fn = functions.get(id);
      if (!fn) throw new RehearsalError(`no function ${id} in the rehearsal`);
      return fn;
    };

    const deliverQueued = (queueUrl: string, message: SqsMessage) => {
      const queueName = queueUrl.split('/').pop() ?? '';
      const mapping = deployment.queueMappings.find((candidate) =>
        candidate.queueArn.endsWith(`:${queueName}`),
      );
      if (!mapping) return;
      const attempt = async (): Promise<void> => {
        message.receiveCount += 1;
        const event: SQSEvent = {
          Records: [
            {
              messageId: message.messageId,
              receiptHandle: randomUUID(),
              body: message.body,
              attributes: {
                ApproximateReceiveCount: String(message.receiveCount),
                SentTimestamp: String(Date.now()),
                SenderId: 'AIDAREHEARSAL',
                ApproximateFirstReceiveTimestamp: String(Date.now()),
              },
              messageAttributes: Object.fromEntries(
                Object.entries(message.attributes).map(([name, value]) => [
                  name,
                  {
                    dataType: value.DataType,
                    ...(value.StringValue === undefined ? {} : { stringValue: value.StringValue }),
                  },
                ]),
              ),
              md5OfBody: '',
              eventSource: 'aws:sqs',
              eventSourceARN: mapping.queueArn,
              awsRegion: region,
            },
          ],
        };
        uses.push({ routeKey: `SQS ${queueName}`, api: 'SQS', functionId: mapping.functionId });
        let failed: string | undefined;
        try {
          const result = (await fnOf(mapping.functionId).invoke(event)) as {
            batchItemFailures?: { itemIdentifier: string }[];
          } | null;
          if (mapping.reportsBatchItemFailures && (result?.batchItemFailures ?? []).length > 0) {
            failed = 'reported in batchItemFailures';
          }
        } catch (error) {
          failed = (error as Error).message;
        }
        if (failed === undefined) return;
        if (message.receiveCount < MAX_RECEIVES) return attempt();
        problems.push(
          `queue ${queueName}: message ${message.messageId} failed ${MAX_RECEIVES} times: ${failed}`,
        );
      };
      track(attempt());
    };
    const sqs = await startSqsStandIn({
      queueUrls: deployment.queues.map((queue) => queue.url),
      deliver: deliverQueued,
    });
    cleanups.push(() => sqs.close());

    const registry = new LocalConnectionRegistry();
    const management = await startManagementStandIn({
      stages: deployment.websocketStages,
      registry,
      onWrongStage: (path) =>
        problems.push(
          `PostToConnection ${path}: not a stage of the WebSocket API (${deployment.websocketStages.join(', ')})`,
        ),
    });
    cleanups.push(() => management.close());

    // --- the functions ---------------------------------------------------------------------------------------
    const overrides: Record<string, string> = endpointVariables({
      dynamodb: dynamo.endpoint,
      s3: s3Endpoint,
      secrets: secrets.endpoint,
      sqs: sqs.endpoint,
      ses: ses.endpoint,
      management: management.endpoint,
    });
    const unset = new Set<string>();
    for (const [name, value] of Object.entries(options.environment ?? {})) {
      if (value === undefined) unset.add(name);
      else overrides[name] = value;
    }
    for (const fn of deployment.functions) {
      addHostNativeBuilds(fn);
      const environment = Object.fromEntries(
        Object.entries(fn.environment).filter(([name]) => !unset.has(name)),
      );
      functions.set(
        fn.id,
        new FunctionInstances({ ...fn, environment }, overrides, {
          region,
          arn: `arn:aws:lambda:${region}:${deployment.stacks[0]?.account ?? ''}:function:${fn.name}`,
        }),
      );
    }
    cleanups.push(async () => {
      await Promise.all([...functions.values()].map((fn) => fn.stop()));
    });
    if (options.warm !== false) {
      // One at a time: a cold start measured on a machine busy with ten others says little.
      for (const fn of functions.values()) await fn.warm();
    }

    // --- S3 notifications -----------------------------------------------------------------------------------
    (s3rver as unknown as EventEmitter).on('event', (event: S3Event) => {
      for (const notification of deployment.s3Notifications) {
        const records = event.Records.filter(
          (record: S3EventRecord) =>
            record.s3.bucket.name === notification.bucket &&
            notification.events.some((pattern) =>
              patternMatches(pattern.replace(/^s3:/, ''), record.eventName.replace(/^s3:/, '')),
            ) &&
            record.s3.object.key.startsWith(notification.prefix) &&
            record.s3.object.key.endsWith(notification.suffix),
        );
        if (records.length === 0) continue;
        uses.push({
          routeKey: `S3 ${records[0]?.eventName}`,
          api: 'S3',
          functionId: notification.functionId,
        });
        // Asynchronous invocation: Lambda retries a failed event twice.
        const run = async (attempt: number): Promise<void> => {
          try {
            await fnOf(notification.functionId).invoke({ Records: records });
          } catch (error) {
            if (attempt < 3) return run(attempt + 1);
            problems.push(`S3 notification of ${notification.bucket}: ${(error as Error).message}`);
          }
        };
        track(run(1));
      }
    });

    // --- the WebSocket API ----------------------------------------------------------------------------------
    const wsBindings = new Map(
      deployment.routes.filter((route) => route.api === 'WEBSOCKET').map((route) => [route.routeKey, route]),
    );
    const gateway = createWsGateway({
      dispatch: async (event: WsEvent): Promise<WsResult> => {
        const routeKey = event.requestContext.routeKey;
        const binding = wsBindings.get(routeKey);
        if (!binding) throw new RehearsalError(`WebSocket route "${routeKey}" is not in the template`);
        uses.push({ routeKey, api: 'WEBSOCKET', functionId: binding.functionId });
        const stage = deployment.websocketStages[0] ?? 'ws';
        const deployed: WsEvent = { ...event, requestContext: { ...event.requestContext, stage } };
        return (await fnOf(binding.functionId).invoke(deployed)) as WsResult;
      },
      routeKeys: [...wsBindings.keys()],
      registry,
      log: createJsonLogger({ level: 'error', write: (line) => problems.push(`WebSocket gateway: ${line}`) }),
      trustProxy: true,
      isDraining: () => false,
    });

    // --- the edge: CloudFront behaviours and the HTTP API ------------------------------------------------------
    const selectHttpRoute = compileHttpRoutes(deployment.routes);
    const behaviorOf = (path: string) =>
      deployment.edgeBehaviors.find((behavior) => patternMatches(behavior.pathPattern, path));
    const withOriginHeaders = (request: IncomingMessage, headers: Record<string, string>) => {
      const raw: string[] = [];
      for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) {
        const name = request.rawHeaders[i] ?? '';
        if (name.toLowerCase() === 'x-forwarded-for' || name.toLowerCase() in headers) continue;
        raw.push(name, request.rawHeaders[i + 1] ?? '');
      }
      // CloudFront appends the viewer's address to what the viewer sent.
      const viewer = request.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1';
      const sent = request.headers['x-forwarded-for'];
      raw.push('X-Forwarded-For', sent ? `${sent}, ${viewer}` : viewer);
      for (const [name, value] of Object.entries(headers)) raw.push(name, value);
      return raw;
    };

    const serveApi = async (
      request: IncomingMessage,
      body: Buffer,
      response: ServerResponse,
      headers: Record<string, string>,
    ) => {
      const url = new URL(request.url ?? '/', 'http://edge.local');
      const method = request.method ?? 'GET';
      const selected = selectHttpRoute(method, url.pathname);
      if (!selected) {
        response.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}');
        return;
      }
      const rawHeaders = withOriginHeaders(request, headers);
      const receivedAt = new Date();
      const event = buildHttpApiEvent(
        {
          method,
          path: url.pathname,
          rawQueryString: url.search.replace(/^\?/, ''),
          rawHeaders,
          httpVersion: '1.1',
          body,
          client: {
            sourceIp: '130.176.0.1', // a CloudFront edge: the viewer is in X-Forwarded-For
            // The viewer's own protocol and port (plain HTTP on loopback here; https behind CloudFront).
            protocol: 'http',
            port: String(request.socket.localPort ?? 80),
            forwardedFor: rawHeaders[rawHeaders.indexOf('X-Forwarded-For') + 1] ?? '127.0.0.1',
          },
          requestId: newGatewayRequestId(),
          receivedAt,
        },
        selected.match,
      );
      uses.push({
        routeKey: selected.binding.routeKey,
        api: 'HTTP',
        functionId: selected.binding.functionId,
      });
      let result: {
        statusCode?: number;
        headers?: Record<string, string | number | boolean>;
        cookies?: string[];
        body?: string;
        isBase64Encoded?: boolean;
      } | null;
      const fn = fnOf(selected.binding.functionId);
      const errorsBefore = fn.errors.length;
      try {
        result = (await fn.invoke(event)) as typeof result;
      } catch (error) {
        // API Gateway answers 500 for a failed integration; the test sees why in the body and the problems.
        problems.push(`${selected.binding.routeKey}: ${(error as Error).message}`);
        response
          .writeHead(500, { 'content-type': 'application/json', 'x-rehearsal-error': 'invocation failed' })
          .end(JSON.stringify({ message: 'Internal Server Error', rehearsal: (error as Error).message }));
        return;
      }
      const out: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(result?.headers ?? {}))
        out[name.toLowerCase()] = String(value);
      if (result?.cookies?.length) out['set-cookie'] = result.cookies;
      const status = result?.statusCode ?? 200;
      if (status >= 500) {
        // A handler that cannot find a variable or reach a service answers 5xx and logs why.
        const logged = fn.errors.slice(errorsBefore).join('\n') || String(result?.body ?? '');
        problems.push(`${selected.binding.routeKey}: ${fn.fn.label} answered ${status}: ${logged}`);
      }
      const bytes =
        result?.body === undefined
          ? Buffer.alloc(0)
          : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
      response.writeHead(status, out).end(method === 'HEAD' ? undefined : bytes);
    };

    const serveMedia = async (bucket: string, key: string, response: ServerResponse) => {
      try {
        const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        const bytes = (await object.Body?.transformToByteArray()) ?? new Uint8Array();
        const headers: Record<string, string> = {};
        if (object.ContentType) headers['content-type'] = object.ContentType;
        if (object.CacheControl) headers['cache-control'] = object.CacheControl;
        response.writeHead(200, headers).end(Buffer.from(bytes));
      } catch (error) {
        if (!(error instanceof NoSuchKey)) throw error;
        response
          .writeHead(403, { 'content-type': 'application/xml' })
          .end('<Error><Code>AccessDenied</Code></Error>');
      }
    };

    const edge = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const path = new URL(request.url ?? '/', 'http://edge.local').pathname;
        const behavior = behaviorOf(path);
        const body = Buffer.concat(chunks);
        const served =
          behavior?.bucket !== undefined
            ? serveMedia(behavior.bucket, decodeURIComponent(path.slice(1)), response)
            : behavior && path.startsWith('/api/')
              ? serveApi(request, body, response, behavior.headers)
              : Promise.resolve(void response.writeHead(404).end());
        served.catch((error: unknown) => {
          problems.push(`edge ${request.method} ${path}: ${(error as Error).message}`);
          if (!response.headersSent) response.writeHead(502).end();
        });
      });
    });
    edge.on('upgrade', (request: IncomingMessage, socket, head: Buffer) => {
      const path = new URL(request.url ?? '/', 'http://edge.local').pathname;
      const behavior = behaviorOf(path);
      if (behavior) {
        const raw = withOriginHeaders(request, behavior.headers);
        request.rawHeaders.splice(0, request.rawHeaders.length, ...raw);
        for (let i = 0; i + 1 < raw.length; i += 2)
          request.headers[(raw[i] ?? '').toLowerCase()] = raw[i + 1] ?? '';
      }
      gateway.handleUpgrade(request, socket, head);
    });
    edge.listen(0, '127.0.0.1');
    await once(edge, 'listening');
    const { port } = edge.address() as AddressInfo;
    cleanups.push(async () => {
      await gateway.close();
      edge.closeAllConnections();
      await new Promise<void>((resolve) => edge.close(() => resolve()));
    });

    const settled = async () => {
      while (pending.size > 0) await Promise.all([...pending]);
    };

    return {
      deployment,
      url: `http://127.0.0.1:${port}`,
      functions,
      uses,
      problems,
      secretValue: (id) =>
        deployment.secrets.find((secret) => secret.arn === id || secret.name === id)?.value,
      sesEmails: () => ses.emails(),
      sqsEndpoint: sqs.endpoint,
      async publish(topicArn, message) {
        const subscribed = deployment.topicSubscriptions.filter(
          (subscription) => subscription.topicArn === topicArn,
        );
        if (subscribed.length === 0) throw new RehearsalError(`no function subscribes to ${topicArn}`);
        for (const subscription of subscribed) {
          uses.push({
            routeKey: `SNS ${topicArn.split(':').pop()}`,
            api: 'SNS',
            functionId: subscription.functionId,
          });
          await fnOf(subscription.functionId).invoke({
            Records: [
              {
                EventSource: 'aws:sns',
                EventVersion: '1.0',
                EventSubscriptionArn: `${topicArn}:${randomUUID()}`,
                Sns: {
                  Type: 'Notification',
                  MessageId: randomUUID(),
                  TopicArn: topicArn,
                  Subject: '',
                  Message: message,
                  Timestamp: new Date().toISOString(),
                  SignatureVersion: '1',
                  Signature: '',
                  SigningCertUrl: '',
                  UnsubscribeUrl: '',
                  MessageAttributes: {},
                },
              },
            ],
          });
        }
      },
      async resetData() {
        await settled();
        const existing = (await dynamoClient.send(new ListTablesCommand({}))).TableNames ?? [];
        for (const table of deployment.tables) {
          if (existing.includes(table.name))
            await dynamoClient.send(new DeleteTableCommand({ TableName: table.name }));
        }
        await createTables();
        for (const bucket of deployment.buckets) {
          const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
          const keys = (listed.Contents ?? []).flatMap((object) => (object.Key ? [{ Key: object.Key }] : []));
          if (keys.length > 0)
            await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys } }));
        }
      },
      settled,
      report: () => rehearsalReport(deployment, functions, uses),
      async close() {
        await settled();
        await cleanup();
      },
    };
  }
}

/** Per function: bundle size, cold starts, and the routes (and event sources) that invoked it. */
export function rehearsalReport(
  deployment: Deployment,
  functions: Map<string, FunctionInstances>,
  uses: RouteUse[],
): string {
  const lines = [
    'Deployment rehearsal: per function, bundle size, cold load (module import | process start to ready), routes exercised',
  ];
  for (const fn of deployment.functions) {
    const instances = functions.get(fn.id);
    const cold = instances?.coldStarts ?? [];
    const first = cold[0];
    const mine = uses.filter((use) => use.functionId === fn.id);
    const counts = new Map<string, number>();
    for (const use of mine) counts.set(use.routeKey, (counts.get(use.routeKey) ?? 0) + 1);
    const declared = deployment.routes
      .filter((route) => route.functionId === fn.id)
      .map((route) => route.routeKey);
    const exercised = declared.filter((key) => counts.has(key)).length;
    lines.push(
      `- ${fn.label} (${fn.name}): ${((instances?.bundleBytes ?? 0) / 1024).toFixed(1)} KiB, ` +
        (first
          ? `cold load ${first.loadMs.toFixed(0)} ms | ${first.totalMs.toFixed(0)} ms (${cold.length} instance${cold.length === 1 ? '' : 's'}), `
          : 'never started, ') +
        `${mine.length} invocations, routes ${exercised}/${declared.length} exercised`,
    );
    for (const [key, count] of counts) lines.push(`    ${key} x${count}`);
    for (const key of declared.filter((candidate) => !counts.has(candidate)))
      lines.push(`    ${key} NOT EXERCISED`);
  }
  return lines.join('\n');
}

export { InvocationError };

/**
 * One request as the edge would send it (the behaviour's origin headers, the template's route selection),
 * invoked on the given instances instead of the world's: for checks of a function with a changed environment.
 */
export async function fetchThrough(
  world: RehearsalWorld,
  instances: FunctionInstances,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ statusCode?: number; body?: string }> {
  const selected = compileHttpRoutes(world.deployment.routes)(method, path);
  const behavior = world.deployment.edgeBehaviors.find((candidate) =>
    patternMatches(candidate.pathPattern, path),
  );
  const rawHeaders = ['host', 'edge.local', 'x-forwarded-for', '127.0.0.1'];
  for (const [name, value] of Object.entries(behavior?.headers ?? {})) rawHeaders.push(name, value);
  if (body !== undefined) rawHeaders.push('content-type', 'application/json');
  const event = buildHttpApiEvent(
    {
      method,
      path,
      rawQueryString: '',
      rawHeaders,
      httpVersion: '1.1',
      body: Buffer.from(body === undefined ? '' : JSON.stringify(body)),
      client: { sourceIp: '130.176.0.1', protocol: 'http', port: '80', forwardedFor: '127.0.0.1' },
      requestId: newGatewayRequestId(),
      receivedAt: new Date(),
    },
    selected?.match ?? null,
  );
  return (await instances.invoke(event)) as { statusCode?: number; body?: string };
}
