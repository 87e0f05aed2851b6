import * as z from 'zod/mini';
import {
  type EmailVerificationMode,
  emailVerificationModes,
  parsePublicOrigin,
} from '../../domain/account-tokens';
import { parseRateLimitSettings, type RateLimitSettings } from '../../domain/rate-limit-rules';
import type { AccessTokenKeySet, ServiceConfig } from '../../services/deps';
import { MIN_JWT_SECRET_LENGTH } from '../access-token-keys';
import { buildServiceConfig } from '../service-config';

/**
 * The Lambda functions' configuration, read once per cold start from the environment the CDK stack sets.
 * zod/mini, not zod classic: classic alone costs about as much bundle and load time as the DynamoDB client.
 */
export interface AwsConfig {
  tableName: string;
  /** Where the access token key set lives (the normal case on AWS; see jwt-secret.ts). */
  jwtSecretArn?: string;
  /** A literal key instead of `jwtSecretArn`: tests, LocalStack. Never set by the CDK app. */
  jwtSecret?: string;
  /** With `jwtSecret`: the key before the last rotation, still accepted. */
  jwtPreviousSecret?: string;
  jwtIssuer: string;
  jwtAudience: string;
  passwordHashCost: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  appVersion: string;
  /** The deployment stage (dev, prod, ...), stamped on every log line. */
  stage: string;
  region: string;
  /**
   * The photos bucket: uploads/ (presigned POSTs) and media/ (renditions served by CloudFront). Required by
   * the functions that wire the blob store (adapters.ts), which check it on first use.
   */
  photosBucket?: string;
  /** An S3-compatible endpoint instead of AWS (s3rver in tests, LocalStack), with path-style addressing. */
  s3Endpoint?: string;
  /**
   * The WebSocket API's management endpoint (`https://{apiId}.execute-api.{region}.amazonaws.com/{stage}`):
   * events go out with PostToConnection. Without it events are only logged.
   */
  websocketCallbackUrl?: string;
  rateLimits: RateLimitSettings;
  /** Secret id (name) of the value CloudFront sends in `x-origin-verify` (viewer-address.ts). */
  originVerifySecretId?: string;
  /** The value itself instead of `originVerifySecretId`: tests. */
  originVerify?: string;
  /** The SQS queue of account mail (API functions enqueue, the mail-sending function consumes). */
  mailQueueUrl?: string;
  /** The sender address (of the SES identity) and the configuration set: the mail-sending function. */
  mailFrom?: string;
  mailConfigurationSet?: string;
  /** The site's origin (CloudFront or its domain): links in mail point there. Set by the CDK app. */
  publicOrigin?: string;
  /** EMAIL_VERIFICATION: `required` unless set to `off`. */
  emailVerification: EmailVerificationMode;
}

/** Product policy, the same numbers as the lab runtime (runtime/access-token-keys.ts). */
export { MIN_JWT_SECRET_LENGTH };

export class AwsConfigError extends Error {
  override name = 'AwsConfigError';
}

const nonEmpty = z.string().check(z.trim(), z.minLength(1, 'must not be empty'));
const integerInRange = (min: number, max: number) =>
  z.pipe(
    z.string().check(z.regex(/^\d+$/, `must be an integer from ${min} to ${max}`)),
    z.pipe(
      z.transform((value: string) => Number(value)),
      z.number().check(z.gte(min, `must be >= ${min}`), z.lte(max, `must be <= ${max}`)),
    ),
  );

const environment = z.object({
  TABLE_NAME: z.string().check(z.regex(/^[A-Za-z0-9_.-]{3,255}$/, 'must be a DynamoDB table name')),
  JWT_SECRET_ARN: z.optional(
    z.string().check(z.regex(/^arn:aws[a-z-]*:secretsmanager:/, 'must be a secret ARN')),
  ),
  JWT_SECRET: z.optional(
    z
      .string()
      .check(z.minLength(MIN_JWT_SECRET_LENGTH, `must be at least ${MIN_JWT_SECRET_LENGTH} characters`)),
  ),
  JWT_PREVIOUS_SECRET: z.optional(
    z
      .string()
      .check(z.minLength(MIN_JWT_SECRET_LENGTH, `must be at least ${MIN_JWT_SECRET_LENGTH} characters`)),
  ),
  JWT_ISSUER: z.optional(nonEmpty),
  JWT_AUDIENCE: z.optional(nonEmpty),
  PASSWORD_HASH_COST: z.optional(integerInRange(14, 20)),
  LOG_LEVEL: z.optional(z.enum(['debug', 'info', 'warn', 'error'])),
  APP_VERSION: z.optional(nonEmpty),
  STAGE: z.optional(nonEmpty),
  AWS_REGION: z.optional(nonEmpty),
  PHOTOS_BUCKET: z.optional(
    z.string().check(z.regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a bucket name')),
  ),
  S3_ENDPOINT: z.optional(z.string().check(z.regex(/^https?:\/\/\S+$/, 'must be an http(s) URL'))),
  WEBSOCKET_CALLBACK_URL: z.optional(z.string().check(z.regex(/^https?:\/\/\S+$/, 'must be an http(s) URL'))),
  RATE_LIMITS: z.optional(z.string()),
  ORIGIN_VERIFY_SECRET_ID: z.optional(nonEmpty),
  ORIGIN_VERIFY: z.optional(z.string().check(z.minLength(32, 'must be at least 32 characters'))),
  MAIL_QUEUE_URL: z.optional(z.string().check(z.regex(/^https?:\/\/\S+$/, 'must be an http(s) URL'))),
  MAIL_FROM: z.optional(
    z.string().check(z.regex(/^([^<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, 'must be an address')),
  ),
  MAIL_CONFIGURATION_SET: z.optional(nonEmpty),
  PUBLIC_ORIGIN: z.optional(
    z
      .string()
      .check(
        z.refine((value) => parsePublicOrigin(value) !== null, 'must be an http(s) origin without a path'),
      ),
  ),
  EMAIL_VERIFICATION: z.optional(z.enum(emailVerificationModes)),
});

export type AwsEnvironment = Record<string, string | undefined>;

/**
 * Validates the environment; throws AwsConfigError naming every bad variable (values are never echoed).
 * `auth: false` is the photo function's: it signs and verifies no token, so it is given no JWT key at all.
 */
export function loadAwsConfig(env: AwsEnvironment, options: { auth?: boolean } = {}): AwsConfig {
  const set = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = z.safeParse(environment, set);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    throw new AwsConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const vars = parsed.data;
  if (options.auth !== false && vars.JWT_SECRET_ARN === undefined && vars.JWT_SECRET === undefined) {
    throw new AwsConfigError('Invalid configuration: JWT_SECRET_ARN is required');
  }
  if (vars.JWT_PREVIOUS_SECRET !== undefined && vars.JWT_SECRET === undefined) {
    throw new AwsConfigError('Invalid configuration: JWT_PREVIOUS_SECRET needs JWT_SECRET');
  }
  let rateLimits: RateLimitSettings;
  try {
    rateLimits = parseRateLimitSettings(vars.RATE_LIMITS);
  } catch (error) {
    throw new AwsConfigError(`Invalid configuration: RATE_LIMITS ${(error as Error).message}`);
  }
  return {
    tableName: vars.TABLE_NAME,
    ...(vars.JWT_SECRET_ARN === undefined ? {} : { jwtSecretArn: vars.JWT_SECRET_ARN }),
    ...(vars.JWT_SECRET === undefined ? {} : { jwtSecret: vars.JWT_SECRET }),
    ...(vars.JWT_PREVIOUS_SECRET === undefined ? {} : { jwtPreviousSecret: vars.JWT_PREVIOUS_SECRET }),
    jwtIssuer: vars.JWT_ISSUER ?? 'dating-app',
    jwtAudience: vars.JWT_AUDIENCE ?? 'dating-app',
    passwordHashCost: vars.PASSWORD_HASH_COST ?? 17,
    logLevel: vars.LOG_LEVEL ?? 'info',
    appVersion: vars.APP_VERSION ?? '0.0.0-unknown',
    stage: vars.STAGE ?? 'dev',
    region: vars.AWS_REGION ?? 'us-east-1',
    ...(vars.PHOTOS_BUCKET === undefined ? {} : { photosBucket: vars.PHOTOS_BUCKET }),
    ...(vars.S3_ENDPOINT === undefined ? {} : { s3Endpoint: vars.S3_ENDPOINT }),
    ...(vars.WEBSOCKET_CALLBACK_URL === undefined
      ? {}
      : { websocketCallbackUrl: vars.WEBSOCKET_CALLBACK_URL }),
    rateLimits,
    ...(vars.ORIGIN_VERIFY_SECRET_ID === undefined
      ? {}
      : { originVerifySecretId: vars.ORIGIN_VERIFY_SECRET_ID }),
    ...(vars.ORIGIN_VERIFY === undefined ? {} : { originVerify: vars.ORIGIN_VERIFY }),
    ...(vars.MAIL_QUEUE_URL === undefined ? {} : { mailQueueUrl: vars.MAIL_QUEUE_URL }),
    ...(vars.MAIL_FROM === undefined ? {} : { mailFrom: vars.MAIL_FROM.trim() }),
    ...(vars.MAIL_CONFIGURATION_SET === undefined
      ? {}
      : { mailConfigurationSet: vars.MAIL_CONFIGURATION_SET }),
    ...(vars.PUBLIC_ORIGIN === undefined
      ? {}
      : { publicOrigin: parsePublicOrigin(vars.PUBLIC_ORIGIN) ?? '' }),
    emailVerification: vars.EMAIL_VERIFICATION ?? 'required',
  };
}

/** S3's ObjectCreated notification invokes the photo function; `/complete` only reports the status. */
export const awsServiceConfig = (config: AwsConfig, keys: AccessTokenKeySet): ServiceConfig =>
  buildServiceConfig(config, keys, { processOnComplete: false });

/**
 * The service configuration of a function that handles no request of a user (photo processing): no token
 * key and no password policy. Reading `auth` is a wiring bug and fails loudly, naming the fix.
 */
export function awsServiceConfigWithoutAuth(config: AwsConfig): ServiceConfig {
  const { auth: _none, ...rest } = buildServiceConfig(
    config,
    { current: { kid: '', secret: new Uint8Array() } },
    { processOnComplete: false },
  );
  return {
    ...rest,
    get auth(): ServiceConfig['auth'] {
      throw new AwsConfigError(
        'This Lambda function is built without auth configuration (no JWT key): a code path that signs or ' +
          'verifies tokens does not belong in it (see functions/src/runtime/aws/entries/)',
      );
    },
  };
}
