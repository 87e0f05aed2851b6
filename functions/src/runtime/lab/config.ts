import { isAbsolute, join, resolve } from 'node:path';
import * as z from 'zod';
import {
  type EmailVerificationMode,
  emailVerificationModes,
  parsePublicOrigin,
} from '../../domain/account-tokens';
import { type AutoHideRule, parseAutoHide } from '../../domain/moderation';
import { parseRateLimitSettings, type RateLimitSettings } from '../../domain/rate-limit-rules';
import { passwordWorkConcurrency } from '../../services/auth/password-work';
import type { ServiceConfig } from '../../services/deps';
import { accessTokenKeySet, type JwtSecrets, MIN_JWT_SECRET_LENGTH } from '../access-token-keys';
import { buildServiceConfig } from '../service-config';
import { findAppRoot, invocationDir, readAppVersion } from './app-root';
import { type BlobsConfig, fsBlobsRoot } from './open-blobs';
import { vapidKeysFrom } from './vapid-private-key';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type StoreConfig =
  | {
      kind: 'postgres';
      /** PostgreSQL server; PGlite in `DATA_DIR/pglite` when absent. */
      databaseUrl?: string;
    }
  | {
      kind: 'dynamodb';
      tableName: string;
      /** DynamoDB Local or LocalStack; the AWS endpoint of `region` when absent. */
      endpoint?: string;
      region: string;
      /** Create the table when missing (emulators only; on AWS the CDK stack owns the table). */
      createTable: boolean;
    };

/** Where account mail goes: an SMTP server, or (no SMTP_URL) `.eml` files in `DATA_DIR/outbox`. */
export type MailConfig =
  | { kind: 'smtp'; url: string; from: string }
  | { kind: 'outbox-files'; dir: string; from: string };

export const DEFAULT_MAIL_FROM = 'Heartwood <no-reply@localhost>';

/**
 * Web Push: the VAPID key pair from VAPID_PRIVATE_KEY (the public key is derived from it; without it the pair
 * lives in `DATA_DIR/vapid-keys`, generated on the first start) and the contact the push services see.
 */
export interface PushConfig {
  vapid?: { publicKey: string; privateKey: string };
  subject: string;
}

export const DEFAULT_VAPID_SUBJECT = 'mailto:no-reply@localhost';

/** The lab runtime's configuration: read once from the environment, validated, then trusted. */
export interface LabConfig {
  port: number;
  host: string;
  /** PGlite files, the generated JWT secret, photos (BLOBS=fs). Absolute. */
  dataDir: string;
  /** The built SPA. Absolute. */
  webDir: string;
  store: StoreConfig;
  /** Where photos live: files in `DATA_DIR/blobs` (default) or an S3-compatible bucket. */
  blobs: BlobsConfig;
  mail: MailConfig;
  push: PushConfig;
  /** PUBLIC_ORIGIN: where links in mail point (default http://localhost:<PORT>). */
  publicOrigin: string;
  /** EMAIL_VERIFICATION: `off` by default here (laptop); the Helm chart sets `required`. */
  emailVerification: EmailVerificationMode;
  /** UPLOAD_SECRET signs upload policies (BLOBS=fs); derived from the JWT secret when absent. */
  uploadSecret?: string;
  /**
   * From JWT_SECRET: the key that signs access tokens; when absent the key set lives in `dataDir/jwt-secret`
   * (generated on the first start, rotated by `npm run rotate-jwt-key`).
   */
  jwtSecret?: string;
  /** From JWT_PREVIOUS_SECRET (needs JWT_SECRET): the key before the last rotation, still accepted. */
  jwtPreviousSecret?: string;
  jwtIssuer: string;
  jwtAudience: string;
  /** log2 of scrypt's N for new password hashes. */
  passwordHashCost: number;
  /**
   * scrypt runs at most `concurrency` at a time (libuv's pool size, UV_THREADPOOL_SIZE, minus one thread kept
   * for file and blob reads), with at most `maxQueued` waiting (PASSWORD_HASH_QUEUE); beyond that, 503.
   */
  passwordWork: { concurrency: number; maxQueued: number };
  /** Trust one proxy hop (an ingress): client IP from X-Forwarded-For, scheme from X-Forwarded-Proto. */
  trustProxy: boolean;
  /** Origins allowed to call the API cross-origin (development only; one origin needs no CORS). */
  corsOrigins: string[];
  logLevel: LogLevel;
  appVersion: string;
  /** the default rate limits (domain/rate-limit-rules.ts), with RATE_LIMITS overrides; 'off' only for local load tests. */
  rateLimits: RateLimitSettings;
  /** MODERATION_AUTO_HIDE: distinct reporters within a window that hide a profile from discovery. */
  autoHide: AutoHideRule;
  /** The HTTP server's connection limits (server.ts). */
  http: HttpServerLimits;
  /** `/uploads` (BLOBS=fs) streams received at once; more answer 503 SlowDown. */
  maxConcurrentUploads: number;
  /** METRICS_PORT: Prometheus `/metrics` on this port of `host` (0: any free port); absent: no metrics server. */
  metricsPort?: number;
}

export interface HttpServerLimits {
  /** Open sockets (HTTP and WebSocket alike); more are dropped as they arrive. */
  maxConnections: number;
  /** A client must send its whole request (headers and body) within this time, else 408. */
  requestTimeoutMs: number;
  /** ... and its headers within this time. */
  headersTimeoutMs: number;
  /** An idle keep-alive connection is closed after this time. */
  keepAliveTimeoutMs: number;
}

export const DEFAULT_MAX_CONNECTIONS = 4096;
export const DEFAULT_UPLOADS_IN_FLIGHT = 8;
/**
 * Behind an ingress the proxy must close an idle upstream connection before we do, or a request it sends just
 * as we close fails with 502: ingress-nginx and most load balancers keep upstream connections 60 s, so 65 s.
 * Without a proxy, idle sockets are closed after 5 s (Node's default).
 */
export const keepAliveDefaultSeconds = (trustProxy: boolean) => (trustProxy ? 65 : 5);

export interface ConfigDefaults {
  /** Where default paths live: the folder holding the `functions` workspace (see app-root.ts). */
  appRoot: string;
  appVersion: string;
  /** Base for relative paths given in the environment. */
  cwd: string;
}

/** A configuration that cannot work; the message names the variable and fits on one line. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export { MIN_JWT_SECRET_LENGTH };

/** libuv's thread pool size when UV_THREADPOOL_SIZE is unset. */
const DEFAULT_THREADPOOL_SIZE = 4;
/** Logins waiting for a scrypt slot before the next one is answered 503 (a few seconds of work at N=2^17). */
const DEFAULT_PASSWORD_HASH_QUEUE = 32;

const integer = (min: number, max: number) =>
  z.string().transform((value, context) => {
    const number = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
    if (Number.isInteger(number) && number >= min && number <= max) return number;
    context.addIssue({
      code: 'custom',
      message: `must be an integer from ${min} to ${max} (got "${value}")`,
    });
    return z.NEVER;
  });

const flag = z.string().transform((value, context) => {
  const normalized = value.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(normalized)) return true;
  if (['false', '0', 'no'].includes(normalized)) return false;
  context.addIssue({ code: 'custom', message: `must be true or false (got "${value}")` });
  return z.NEVER;
});

const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.string().transform((value, context) => {
    const normalized = value.trim().toLowerCase();
    const isAllowed = (candidate: string): candidate is T[number] => values.includes(candidate);
    if (isAllowed(normalized)) return normalized;
    context.addIssue({ code: 'custom', message: `must be one of ${values.join(', ')} (got "${value}")` });
    return z.NEVER;
  });

const httpUrl = z.string().refine((value) => /^https?:\/\/[^\s/]+/.test(value), {
  message: 'must be an http(s) URL',
});

// The value is not echoed back: a DATABASE_URL usually carries a password.
const postgresUrl = z.string().refine((value) => /^postgres(ql)?:\/\/\S+$/.test(value), {
  message: 'must be a postgres:// or postgresql:// URL',
});

const origin = (value: string): string | null => {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value.replace(/\/$/, '')
      ? url.origin
      : null;
  } catch {
    return null;
  }
};

const originList = z.string().transform((value, context) => {
  const origins: string[] = [];
  for (const entry of value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const parsed = origin(entry);
    if (parsed === null) {
      context.addIssue({
        code: 'custom',
        message: `must list origins like http://localhost:5173 (got "${entry}")`,
      });
      return z.NEVER;
    }
    origins.push(parsed);
  }
  return origins;
});

const nonEmpty = z.string().trim().min(1, 'must not be empty');

// Not echoed back either: an SMTP_URL usually carries the relay's password.
const smtpUrl = z.string().refine((value) => /^smtps?:\/\/[^\s/]+(:\d+)?\/?(\?\S*)?$/.test(value.trim()), {
  message: 'must be an smtp:// or smtps:// URL, e.g. smtp://user:password@mail.example.org:587',
});

// `Name <address>` or a bare address; the address must have a domain (it names the Message-IDs).
const mailFrom = z
  .string()
  .refine((value) => /^([^<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/.test(value.trim()), {
    message: 'must be an address or "Name <address>"',
  });

const environment = z.object({
  PORT: integer(0, 65_535).optional(),
  HOST: nonEmpty.optional(),
  DATA_DIR: nonEmpty.optional(),
  DATABASE_URL: postgresUrl.optional(),
  STORE: oneOf(['postgres', 'dynamodb'] as const).optional(),
  DYNAMODB_TABLE: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{3,255}$/, 'must be a DynamoDB table name (3-255 of A-Z a-z 0-9 _ . -)')
    .optional(),
  DYNAMODB_CREATE_TABLE: flag.optional(),
  AWS_ENDPOINT_URL: httpUrl.optional(),
  BLOBS: oneOf(['fs', 's3'] as const).optional(),
  S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name (3-63 of a-z 0-9 . -)')
    .optional(),
  S3_ENDPOINT: httpUrl.optional(),
  S3_PUBLIC_ENDPOINT: httpUrl.optional(),
  S3_FORCE_PATH_STYLE: flag.optional(),
  UPLOAD_SECRET: z
    .string()
    .min(MIN_JWT_SECRET_LENGTH, `must be at least ${MIN_JWT_SECRET_LENGTH} characters long`)
    .optional(),
  AWS_REGION: nonEmpty.optional(),
  AWS_DEFAULT_REGION: nonEmpty.optional(),
  JWT_SECRET: z
    .string()
    .min(MIN_JWT_SECRET_LENGTH, `must be at least ${MIN_JWT_SECRET_LENGTH} characters long`)
    .optional(),
  JWT_PREVIOUS_SECRET: z
    .string()
    .min(MIN_JWT_SECRET_LENGTH, `must be at least ${MIN_JWT_SECRET_LENGTH} characters long`)
    .optional(),
  JWT_ISSUER: nonEmpty.optional(),
  JWT_AUDIENCE: nonEmpty.optional(),
  PASSWORD_HASH_COST: integer(14, 20).optional(),
  // libuv's own bounds (1..1024); node reads it at start, we read it to size the scrypt slots.
  UV_THREADPOOL_SIZE: integer(1, 1024).optional(),
  PASSWORD_HASH_QUEUE: integer(0, 10_000).optional(),
  WEB_DIR: nonEmpty.optional(),
  TRUST_PROXY: flag.optional(),
  CORS_ORIGINS: originList.optional(),
  LOG_LEVEL: oneOf(['debug', 'info', 'warn', 'error'] as const).optional(),
  APP_VERSION: nonEmpty.optional(),
  RATE_LIMITS: z.string().optional(),
  MODERATION_AUTO_HIDE: z.string().optional(),
  SMTP_URL: smtpUrl.optional(),
  MAIL_FROM: mailFrom.optional(),
  VAPID_PRIVATE_KEY: z
    .string()
    .refine((value) => vapidKeysFrom(value) !== null, {
      message:
        'must be a P-256 private key: base64url (43 characters) or PEM (what Helm genPrivateKey "ecdsa" makes)',
    })
    .optional(),
  VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:[^\s@]+@[^\s@]+|https:\/\/\S+)$/, 'must be a mailto: address or an https: URL')
    .optional(),
  PUBLIC_ORIGIN: z
    .string()
    .transform((value, context) => {
      const parsed = parsePublicOrigin(value);
      if (parsed !== null) return parsed;
      context.addIssue({
        code: 'custom',
        message: `must be an http(s) origin without a path, like https://heartwood.example (got "${value}")`,
      });
      return z.NEVER;
    })
    .optional(),
  EMAIL_VERIFICATION: oneOf(emailVerificationModes).optional(),
  MAX_CONNECTIONS: integer(1, 1_000_000).optional(),
  REQUEST_TIMEOUT: integer(1, 3600).optional(),
  HEADERS_TIMEOUT: integer(1, 3600).optional(),
  KEEPALIVE_TIMEOUT: integer(1, 3600).optional(),
  UPLOADS_IN_FLIGHT: integer(1, 1000).optional(),
  METRICS_PORT: integer(0, 65_535).optional(),
});

export type LabEnvironment = Record<string, string | undefined>;

/**
 * Reads and validates the configuration; throws ConfigError naming every bad variable. Empty variables
 * count as unset (compose files and charts often render `FOO=`).
 */
export function loadLabConfig(env: LabEnvironment, defaults: ConfigDefaults): LabConfig {
  const set = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = environment.safeParse(set);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const vars = parsed.data;
  const vapid = vars.VAPID_PRIVATE_KEY === undefined ? null : vapidKeysFrom(vars.VAPID_PRIVATE_KEY);
  if (vars.JWT_PREVIOUS_SECRET !== undefined && vars.JWT_SECRET === undefined) {
    throw new ConfigError('Invalid configuration: JWT_PREVIOUS_SECRET needs JWT_SECRET (the current key)');
  }
  const path = (value: string | undefined, fallback: string) =>
    value === undefined ? fallback : isAbsolute(value) ? value : resolve(defaults.cwd, value);

  if (
    vars.METRICS_PORT !== undefined &&
    vars.METRICS_PORT !== 0 &&
    vars.METRICS_PORT === (vars.PORT ?? 8080)
  ) {
    throw new ConfigError(
      'Invalid configuration: METRICS_PORT must differ from PORT (metrics have their own port)',
    );
  }
  const dataDir = path(vars.DATA_DIR, join(defaults.appRoot, '.data'));
  const trustProxy = vars.TRUST_PROXY ?? false;
  const port = vars.PORT ?? 8080;
  return {
    port,
    host: vars.HOST ?? '0.0.0.0',
    dataDir,
    webDir: path(vars.WEB_DIR, join(defaults.appRoot, 'web', 'dist')),
    store: storeConfig(vars),
    blobs: blobsConfig(vars, dataDir),
    mail: mailConfig(vars, dataDir),
    push: {
      ...(vapid ? { vapid } : {}),
      subject: vars.VAPID_SUBJECT ?? DEFAULT_VAPID_SUBJECT,
    },
    publicOrigin: vars.PUBLIC_ORIGIN ?? `http://localhost:${port}`,
    emailVerification: vars.EMAIL_VERIFICATION ?? 'off',
    ...(vars.UPLOAD_SECRET === undefined ? {} : { uploadSecret: vars.UPLOAD_SECRET }),
    ...(vars.JWT_SECRET === undefined ? {} : { jwtSecret: vars.JWT_SECRET }),
    ...(vars.JWT_PREVIOUS_SECRET === undefined ? {} : { jwtPreviousSecret: vars.JWT_PREVIOUS_SECRET }),
    jwtIssuer: vars.JWT_ISSUER ?? 'dating-app',
    jwtAudience: vars.JWT_AUDIENCE ?? 'dating-app',
    passwordHashCost: vars.PASSWORD_HASH_COST ?? 17,
    passwordWork: {
      concurrency: passwordWorkConcurrency(vars.UV_THREADPOOL_SIZE ?? DEFAULT_THREADPOOL_SIZE),
      maxQueued: vars.PASSWORD_HASH_QUEUE ?? DEFAULT_PASSWORD_HASH_QUEUE,
    },
    trustProxy,
    corsOrigins: vars.CORS_ORIGINS ?? [],
    logLevel: vars.LOG_LEVEL ?? 'info',
    appVersion: vars.APP_VERSION ?? defaults.appVersion,
    rateLimits: rateLimitsConfig(vars.RATE_LIMITS),
    autoHide: autoHideConfig(vars.MODERATION_AUTO_HIDE),
    http: httpServerLimits(vars, trustProxy),
    maxConcurrentUploads: vars.UPLOADS_IN_FLIGHT ?? DEFAULT_UPLOADS_IN_FLIGHT,
    ...(vars.METRICS_PORT === undefined ? {} : { metricsPort: vars.METRICS_PORT }),
  };
}

function httpServerLimits(vars: z.output<typeof environment>, trustProxy: boolean): HttpServerLimits {
  const requestSeconds = vars.REQUEST_TIMEOUT ?? 60;
  const headersSeconds = vars.HEADERS_TIMEOUT ?? Math.min(20, requestSeconds);
  if (headersSeconds > requestSeconds) {
    throw new ConfigError(
      `Invalid configuration: HEADERS_TIMEOUT (${headersSeconds}) must not exceed REQUEST_TIMEOUT (${requestSeconds})`,
    );
  }
  return {
    maxConnections: vars.MAX_CONNECTIONS ?? DEFAULT_MAX_CONNECTIONS,
    requestTimeoutMs: requestSeconds * 1000,
    headersTimeoutMs: headersSeconds * 1000,
    keepAliveTimeoutMs: (vars.KEEPALIVE_TIMEOUT ?? keepAliveDefaultSeconds(trustProxy)) * 1000,
  };
}

/** The configuration of this process: its environment, defaults anchored at the app root. */
export function labConfigFromEnvironment(env: LabEnvironment = process.env): LabConfig {
  const appRoot = findAppRoot();
  return loadLabConfig(env, { appRoot, appVersion: readAppVersion(appRoot), cwd: invocationDir(env) });
}

function rateLimitsConfig(text: string | undefined): RateLimitSettings {
  try {
    return parseRateLimitSettings(text);
  } catch (error) {
    throw new ConfigError(`Invalid configuration: ${(error as Error).message}`);
  }
}

function autoHideConfig(text: string | undefined): AutoHideRule {
  try {
    return parseAutoHide(text);
  } catch (error) {
    throw new ConfigError(`Invalid configuration: ${(error as Error).message}`);
  }
}

function storeConfig(vars: z.output<typeof environment>): StoreConfig {
  if ((vars.STORE ?? 'postgres') === 'postgres') {
    return vars.DATABASE_URL === undefined
      ? { kind: 'postgres' }
      : { kind: 'postgres', databaseUrl: vars.DATABASE_URL };
  }
  if (vars.DYNAMODB_TABLE === undefined) {
    throw new ConfigError('Invalid configuration: DYNAMODB_TABLE is required when STORE=dynamodb');
  }
  return {
    kind: 'dynamodb',
    tableName: vars.DYNAMODB_TABLE,
    ...(vars.AWS_ENDPOINT_URL === undefined ? {} : { endpoint: vars.AWS_ENDPOINT_URL }),
    region: vars.AWS_REGION ?? vars.AWS_DEFAULT_REGION ?? 'us-east-1',
    createTable: vars.DYNAMODB_CREATE_TABLE ?? false,
  };
}

function mailConfig(vars: z.output<typeof environment>, dataDir: string): MailConfig {
  const from = vars.MAIL_FROM?.trim() ?? DEFAULT_MAIL_FROM;
  return vars.SMTP_URL === undefined
    ? { kind: 'outbox-files', dir: join(dataDir, 'outbox'), from }
    : { kind: 'smtp', url: vars.SMTP_URL.trim(), from };
}

function blobsConfig(vars: z.output<typeof environment>, dataDir: string): BlobsConfig {
  if ((vars.BLOBS ?? 'fs') === 'fs') return { kind: 'fs', root: fsBlobsRoot(dataDir) };
  if (vars.S3_BUCKET === undefined)
    throw new ConfigError('Invalid configuration: S3_BUCKET is required when BLOBS=s3');
  return {
    kind: 's3',
    bucket: vars.S3_BUCKET,
    ...(vars.S3_ENDPOINT === undefined ? {} : { endpoint: vars.S3_ENDPOINT }),
    ...(vars.S3_PUBLIC_ENDPOINT === undefined ? {} : { publicEndpoint: vars.S3_PUBLIC_ENDPOINT }),
    // Most S3-compatible stores need the bucket in the path; AWS S3 itself takes it in the host name.
    forcePathStyle: vars.S3_FORCE_PATH_STYLE ?? vars.S3_ENDPOINT !== undefined,
    region: vars.AWS_REGION ?? vars.AWS_DEFAULT_REGION ?? 'us-east-1',
  };
}

/**
 * What the services see; `jwtSecrets` is the configured or DATA_DIR key set (see jwt-secret.ts). With BLOBS=s3
 * the browser uploads straight to the store and no storage event reaches us, so the upload is processed when
 * the client reports it complete; with BLOBS=fs our upload endpoint emits the event.
 */
export const labServiceConfig = (config: LabConfig, jwtSecrets: JwtSecrets): ServiceConfig =>
  buildServiceConfig(config, accessTokenKeySet(jwtSecrets), {
    processOnComplete: config.blobs.kind === 's3',
  });
