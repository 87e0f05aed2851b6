import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createUsedUploadPolicies } from '../../adapters/fs/used-upload-policies';
import { createSharpImageProcessor } from '../../adapters/images/sharp-image-processor';
import { createSqlDeliveryBus, type DeliveryBus } from '../../adapters/lab/delivery-bus';
import { createLabNotifier, deliverLocally } from '../../adapters/lab/lab-notifier';
import { LocalConnectionRegistry } from '../../adapters/lab/local-connections';
import { createJsonLogger } from '../../adapters/log/json-logger';
import { storePoolStats } from '../../adapters/postgres';
import { pgPoolClient } from '../../adapters/postgres/sql-client';
import { MAX_INPUT_PIXELS, MAX_UPLOAD_BYTES } from '../../domain/photos';
import { createPhotoEventHandler } from '../../handlers/events/process-photo';
import type { HttpRoute } from '../../handlers/http/http-route';
import { createHttpDispatcher } from '../../handlers/http/lambda-handler';
import { createWsDispatcher } from '../../handlers/ws/ws-dispatcher';
import type { WsRoute } from '../../handlers/ws/ws-route';
import type { BlobStore } from '../../ports/blob-store';
import { type Clock, systemClock } from '../../ports/clock';
import type { ImageProcessor } from '../../ports/image-processor';
import type { MailOutbox } from '../../ports/mailer';
import type { Notifier } from '../../ports/notifier';
import type { Store } from '../../ports/repositories';
import { httpRoutes, wsRoutes } from '../../routes';
import { createPasswordWorkQueue } from '../../services/auth/password-work';
import type { Deps } from '../../services/deps';
import { keyIdOf } from '../access-token-keys';
import { type LabConfig, labServiceConfig } from './config';
import { hasErrorCode } from './errors';
import { createHttpGateway, type HttpDispatcher } from './http-gateway';
import { resolveJwtSecrets } from './jwt-secret';
import { createLabRequestHandler } from './lab-request-handler';
import { createMediaFiles } from './media-files';
import { createLabMetrics, type MetricsServer, type PoolStats, startMetricsServer } from './metrics';
import { LAB_BUCKET_NAME, openLabBlobs, uploadSecretFrom } from './open-blobs';
import { describeMail, type LabMailOptions, openLabMail } from './open-mail';
import { describeStore, openLabStore } from './open-store';
import { closeWhenBodyUnread } from './request-body';
import { createUploadEndpoint } from './upload-endpoint';
import { createWsGateway, type WsGatewayOptions } from './ws-gateway';

export interface LabServerOptions {
  /** Use this store instead of opening the configured one. The server owns it: close() closes it. */
  store?: Store;
  /** Use this photo store instead of the configured one (BLOBS). */
  blobs?: BlobStore;
  images?: ImageProcessor;
  /**
   * Where events go (default: this server's WebSocket connections, and with DATABASE_URL the other replicas'
   * through LISTEN/NOTIFY). Tests may record them instead.
   */
  notifier?: Notifier;
  /** Where account mail goes (default: the configured SMTP server or outbox folder, through the in-process queue). */
  mail?: MailOutbox;
  /** Retry timing of the default mail queue (tests shorten it). */
  mailRetry?: LabMailOptions['retry'];
  /** The WebSocket route table (default: THE route table's `wsRoutes`). */
  wsRoutes?: readonly WsRoute[];
  /** WebSocket limits, changed by tests (defaults: 10 min idle, 2 h age, ws-gateway.ts's frame limits). */
  websocket?: Pick<
    WsGatewayOptions,
    'idleTimeoutMs' | 'maxConnectionAgeMs' | 'frameRate' | 'maxQueuedFrames' | 'maxQueuedBytes'
  >;
  /** The LISTEN/NOTIFY channel replicas share (default `realtime_delivery`); tests isolate themselves. */
  realtimeChannel?: string;
  /** The route table (default: THE route table, `httpRoutes`). */
  routes?: readonly HttpRoute[];
  /** Replaces the handlers' dispatcher, for tests that look at the events the gateway builds. */
  dispatch?: HttpDispatcher;
  /** Where log lines go (default stdout); tests pass a no-op or a collector. */
  logWrite?: (line: string) => void;
  clock?: Clock;
  /** A client must deliver its whole request within this time (default: REQUEST_TIMEOUT_SECONDS). */
  requestTimeoutMs?: number;
  /** close() waits this long for in-flight requests before cutting connections (default 10 s). */
  shutdownTimeoutMs?: number;
}

export interface LabServer {
  /** E.g. http://localhost:8080 (a wildcard listen address is shown as localhost). */
  url: string;
  port: number;
  /** `http://host:port/metrics` when METRICS_PORT is set. */
  metricsUrl?: string;
  deps: Deps;
  /** Graceful: stops accepting, lets in-flight requests finish (up to the deadline), then closes the store. */
  close(): Promise<void>;
}

/** What a login refused for a full scrypt queue is told to wait. */
const PASSWORD_BUSY_RETRY_SECONDS = 2;
const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;
/** Under DATA_DIR: one empty file per used upload policy (BLOBS=fs). */
const USED_UPLOAD_POLICIES_DIR = 'used-upload-policies';

/** Starts the lab runtime: the store, the Deps every handler gets, and the HTTP server in front of them. */
export async function startLabServer(config: LabConfig, options: LabServerOptions = {}): Promise<LabServer> {
  const log = createJsonLogger({
    level: config.logLevel,
    base: { service: 'lab' },
    ...(options.logWrite ? { write: options.logWrite } : {}),
  });
  const jwt = await resolveJwtSecrets(config);
  if (jwt.source === 'generated')
    log.warn('generated a new JWT key set in DATA_DIR', { dataDir: config.dataDir });
  // The kids only (never the keys): what an operator checks after a rotation.
  log.info('access token keys', {
    current: keyIdOf(jwt.secrets.current),
    ...(jwt.secrets.previous === undefined ? {} : { previous: keyIdOf(jwt.secrets.previous) }),
  });
  const clock = options.clock ?? systemClock;
  const store = options.store ?? (await openLabStore(config));
  const uploadSecret = uploadSecretFrom(config.uploadSecret, jwt.secrets.current);
  const blobs = options.blobs
    ? { blobs: options.blobs, uploadOrigin: null, close: () => {} }
    : openLabBlobs(config.blobs, uploadSecret, clock);
  // Realtime: this process's sockets, and with a PostgreSQL server (several replicas may share it) the bus
  // that reaches the other replicas' sockets. PGlite is one process by construction (the data-dir lock).
  const registry = new LocalConnectionRegistry();
  let bus: DeliveryBus | null = null;
  let closeBusClient = async () => {};
  let busPoolStats: (() => PoolStats) | undefined;
  if (config.store.kind === 'postgres' && config.store.databaseUrl !== undefined) {
    const busClient = pgPoolClient(config.store.databaseUrl, {
      max: 2,
      onIdleError: (error) => log.warn('realtime bus connection error', { error }),
      onListenReconnect: () =>
        log.info('realtime bus listening again; deliveries from other replicas meanwhile were lost'),
    });
    closeBusClient = () => busClient.close();
    busPoolStats = busClient.poolStats;
    try {
      bus = await createSqlDeliveryBus(busClient, {
        ...(options.realtimeChannel ? { channel: options.realtimeChannel } : {}),
        onDelivery: (delivery) => void deliverLocally(registry, delivery),
        log,
      });
    } catch (error) {
      await closeBusClient();
      await store.close();
      throw error;
    }
  }
  const mail =
    options.mail ??
    openLabMail(config.mail, {
      store,
      clock,
      log,
      ...(options.mailRetry ? { retry: options.mailRetry } : {}),
    });
  const deps: Deps = {
    store,
    blobs: blobs.blobs,
    images: options.images ?? createSharpImageProcessor({ maxInputPixels: MAX_INPUT_PIXELS }),
    notifier:
      options.notifier ?? createLabNotifier({ connections: store.connections, registry, bus, clock, log }),
    mail,
    clock,
    log,
    config: labServiceConfig(config, jwt.secrets),
    passwordWork: createPasswordWorkQueue({
      ...config.passwordWork,
      retryAfterSeconds: PASSWORD_BUSY_RETRY_SECONDS,
    }),
  };
  const closeStores = async () => {
    await mail.close().catch(() => undefined);
    blobs.close();
    await bus?.close().catch(() => undefined);
    await closeBusClient().catch(() => undefined);
    await store.close();
  };

  // BLOBS=fs: browsers POST uploads here, and the accepted object triggers the photo handler with the
  // ObjectCreated event S3 would send on AWS. With BLOBS=s3 they go to the store and /complete takes over.
  const uploads =
    config.blobs.kind === 'fs'
      ? createUploadEndpoint({
          blobs: deps.blobs,
          secret: uploadSecret,
          maxObjectBytes: MAX_UPLOAD_BYTES,
          maxConcurrentUploads: config.maxConcurrentUploads,
          // On the volume the photos are on: replicas sharing it share the record of used policies.
          usedPolicies: createUsedUploadPolicies(join(config.dataDir, USED_UPLOAD_POLICIES_DIR), clock),
          bucket: LAB_BUCKET_NAME,
          region: 'lab',
          clock,
          log,
          onObjectCreated: createPhotoEventHandler(async () => deps),
        })
      : null;

  const routes = options.routes ?? httpRoutes;
  const metrics = config.metricsPort === undefined ? null : createLabMetrics(routes);
  let draining = false;
  const handle = createLabRequestHandler({
    gateway: createHttpGateway({
      routes,
      dispatch: options.dispatch ?? createHttpDispatcher(routes, async () => deps),
      log,
    }),
    store,
    uploads,
    media: createMediaFiles(deps.blobs),
    webDir: config.webDir,
    trustProxy: config.trustProxy,
    corsOrigins: config.corsOrigins,
    connectOrigins: blobs.uploadOrigin === null ? [] : [blobs.uploadOrigin],
    log,
    isDraining: () => draining,
  });

  const realtimeRoutes = options.wsRoutes ?? wsRoutes;
  const websockets = createWsGateway({
    dispatch: createWsDispatcher(realtimeRoutes, async () => deps),
    routeKeys: realtimeRoutes.map((route) => route.routeKey),
    registry,
    log,
    trustProxy: config.trustProxy,
    isDraining: () => draining,
    ...options.websocket,
    ...(metrics ? { metrics: metrics.websocket } : {}),
  });
  const storePool = storePoolStats.get(store);
  metrics?.setSources({
    websocketConnections: () => websockets.size,
    queues: {
      mail_outbox: () => mail.pending?.() ?? 0,
      password_hash: () => deps.passwordWork?.depth?.() ?? 0,
      websocket_frames: () => websockets.queuedFrames,
      ...(uploads ? { uploads: () => uploads.inFlight } : {}),
    },
    pools: {
      ...(storePool ? { store: storePool } : {}),
      ...(busPoolStats ? { realtime_bus: busPoolStats } : {}),
    },
  });

  const limits = config.http;
  const requestTimeout = options.requestTimeoutMs ?? limits.requestTimeoutMs;
  const server = createServer({
    // A client that stalls while sending its request gets 408 and the socket closed, never a hung worker.
    requestTimeout,
    headersTimeout: Math.min(limits.headersTimeoutMs, requestTimeout),
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.min(1_000, requestTimeout / 4),
  });
  // Every socket counts, upgraded WebSockets included; past the limit new ones are closed as they arrive.
  server.maxConnections = limits.maxConnections;
  let droppedSince = 0;
  server.on('drop', () => {
    if (droppedSince++ === 0) {
      log.warn('connection limit reached; dropping new connections', {
        maxConnections: limits.maxConnections,
      });
      setTimeout(() => {
        droppedSince = 0;
      }, 60_000).unref();
    }
  });
  const active = new Set<ServerResponse>();
  const onRequest = (request: IncomingMessage, response: ServerResponse) => {
    active.add(response);
    metrics?.observeRequest(request, response);
    response.once('close', () => {
      active.delete(response);
      // Once draining, a keep-alive socket that just became idle is closed instead of waiting for reuse.
      if (draining) setImmediate(() => server.closeIdleConnections());
    });
    closeWhenBodyUnread(request, response);
    handle(request, response);
  };
  server.on('request', onRequest);
  // `/ws`: the WebSocket API (API Gateway's, emulated); any other upgrade is refused.
  server.on('upgrade', websockets.handleUpgrade);
  // Expect: 100-continue: nothing asks for the body up front. The code that reads one (the API gateway for a
  // route that takes a body, the upload endpoint) says "continue" once it accepted the request; everything
  // else answers without the client ever sending its body.
  server.on('checkContinue', onRequest);

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await closeStores().catch(() => undefined);
    const inUse = hasErrorCode(error, 'EADDRINUSE');
    const reason = inUse
      ? 'the port is in use (set PORT)'
      : error instanceof Error
        ? error.message
        : String(error);
    throw new Error(`cannot listen on ${config.host}:${config.port}: ${reason}`, { cause: error });
  }

  let metricsServer: MetricsServer | null = null;
  if (metrics !== null && config.metricsPort !== undefined) {
    try {
      metricsServer = await startMetricsServer(metrics, config.metricsPort, config.host, log);
    } catch (error) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await closeStores().catch(() => undefined);
      const reason = hasErrorCode(error, 'EADDRINUSE')
        ? 'the port is in use (set METRICS_PORT)'
        : error instanceof Error
          ? error.message
          : String(error);
      throw new Error(`cannot listen on ${config.host}:${config.metricsPort}: ${reason}`, { cause: error });
    }
  }
  const { port } = server.address() as AddressInfo;
  const url = `http://${displayHost(config.host)}:${port}`;
  log.info(`lab server listening on ${url}`, {
    url,
    store: options.store ? store.kind : describeStore(config),
    mail: options.mail ? 'given' : describeMail(config.mail),
    webDir: config.webDir,
    version: config.appVersion,
    ...(metricsServer ? { metrics: metricsServer.url } : {}),
  });

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // WebSockets close like on an API Gateway deployment (1001); their $disconnect runs while the store is up.
      const socketsClosed = websockets.close();
      for (const response of active) if (!response.headersSent) response.setHeader('connection', 'close');
      server.closeIdleConnections();
      const deadline = setTimeout(() => {
        log.warn('shutdown deadline reached; closing the remaining connections', { open: active.size });
        server.closeAllConnections();
      }, options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS);
      try {
        await closed;
        await socketsClosed;
        // Photo processing started by an upload runs after its answer: let it finish before the stores go.
        await uploads?.idle();
      } finally {
        clearTimeout(deadline);
        await metricsServer?.close();
        await closeStores();
      }
      log.info('lab server stopped');
    })();
    return closing;
  };

  return { url, port, ...(metricsServer ? { metricsUrl: metricsServer.url } : {}), deps, close };
}

function displayHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}
