import type { Node } from 'constructs';
import {
  type EmailVerificationMode,
  emailVerificationModes,
  parsePublicOrigin,
} from '../../functions/src/domain/account-tokens';

/**
 * Everything an operator may tune, read from CDK context (`cdk.json`, or `-c key=value` on the command
 * line). Defaults suit a small production; `stage=prod` turns on deletion protection and retention.
 */
export interface StageConfig {
  /** Names every stack (`Dating-<stage>-Api`) and resource; `prod` is the production stage. */
  stage: string;
  production: boolean;
  /** Unset: the stacks stay environment-agnostic on the account (synth needs no credentials). */
  account: string | undefined;
  region: string;
  /** Memory of the API functions: scrypt (N=2^17) needs 128 MiB per hash and CPU scales with memory. */
  apiMemoryMb: number;
  apiTimeoutSeconds: number;
  photoMemoryMb: number;
  logRetentionDays: number;
  /** Steady-state requests per second and burst of the HTTP API stage (per account and region). */
  apiThrottleRate: number;
  apiThrottleBurst: number;
  /** The same for the WebSocket stage (messages per second). */
  wsThrottleRate: number;
  wsThrottleBurst: number;
  /** log2 of scrypt's N for new password hashes. */
  passwordHashCost: number;
  /** Auto-hide: reports from this many different people within the window hide a profile (0: off). */
  autoHideReporters: number;
  autoHideWindowSeconds: number;
  /** Where the built SPA is; a placeholder page is deployed when it is missing. */
  webDistDir: string;
  /** Origins allowed to POST uploads straight to the photos bucket (the presigned POST). */
  uploadOrigins: string[];
  /** CloudFront price class: PriceClass_100 (NA+EU), PriceClass_200, PriceClass_All. */
  priceClass: 'PriceClass_100' | 'PriceClass_200' | 'PriceClass_All';
  /** Alarm notifications go to this address (an SNS subscription to confirm) when set. */
  alarmEmail: string | undefined;
  /** Access logs of the buckets and CloudFront into a log bucket (S3 costs; on in prod by default). */
  accessLogs: boolean;
  appVersion: string;
  /** Custom domain of the site (with `certificateArn`, an ACM certificate in us-east-1); else *.cloudfront.net. */
  domainName: string | undefined;
  certificateArn: string | undefined;
  /** A WAF web ACL (scope CLOUDFRONT) to attach to the distribution instead of the one the app creates. */
  webAclArn: string | undefined;
  /**
   * The app's own CloudFront web ACL (waf-stack.ts, in us-east-1): on by default in production. Ignored when
   * `webAclArn` names an existing one.
   */
  waf: boolean;
  /** Requests per IP address in any 5 minutes, on every path, before WAF blocks that address. */
  wafRateLimit: number;
  /** The same, counted on the sign-in paths (`/api/auth/*`) only: a tighter limit against password guessing. */
  wafAuthRateLimit: number;
  /** Steady-state requests per second and burst of each of the login, register and password routes. */
  authRouteThrottleRate: number;
  authRouteThrottleBurst: number;
  /**
   * Reserved concurrency of the auth function (scrypt) and the photo function (sharp): a cap, so a flood of
   * either cannot take the whole account's concurrency from the other functions. undefined: not reserved.
   */
  authReservedConcurrency: number | undefined;
  photoReservedConcurrency: number | undefined;
  /**
   * Where links in account mail point (PUBLIC_ORIGIN of the functions): context `publicOrigin`, else
   * `https://<domainName>`. Without either (a *.cloudfront.net site) it is unknown at synth time (the
   * distribution is created after the API): set it to the distribution's URL after the first deployment.
   */
  publicOrigin: string | undefined;
  /** EMAIL_VERIFICATION of the functions: `required` (default) or `off`. */
  emailVerification: EmailVerificationMode;
}

const PRICE_CLASSES = ['PriceClass_100', 'PriceClass_200', 'PriceClass_All'] as const;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function text(node: Node, key: string): string | undefined {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.join(',');
  throw new ConfigError(`context "${key}" must be a string, number or boolean`);
}

function integer(node: Node, key: string, fallback: number, min: number, max: number): number {
  const raw = text(node, key);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`context "${key}" must be an integer from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}

function flag(node: Node, key: string, fallback: boolean): boolean {
  const raw = text(node, key)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['true', '1', 'yes'].includes(raw)) return true;
  if (['false', '0', 'no'].includes(raw)) return false;
  throw new ConfigError(`context "${key}" must be true or false (got "${raw}")`);
}

/** An integer, or `off` (also `none`, `false`, `0`): the setting is not applied. */
function optionalInteger(
  node: Node,
  key: string,
  fallback: number | undefined,
  min: number,
  max: number,
): number | undefined {
  const raw = text(node, key)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['off', 'none', 'false', '0'].includes(raw)) return undefined;
  return integer(node, key, 0, min, max);
}

/** CloudWatch Logs accepts only these retention periods. */
const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

export function readStageConfig(
  node: Node,
  env: Record<string, string | undefined> = process.env,
): StageConfig {
  const stage = text(node, 'stage') ?? 'dev';
  if (!/^[a-z][a-z0-9-]{0,15}$/.test(stage)) {
    throw new ConfigError(
      `context "stage" must be 1-16 of a-z 0-9 - starting with a letter (got "${stage}")`,
    );
  }
  const production = flag(node, 'production', stage === 'prod');
  const logRetentionDays = integer(node, 'logRetentionDays', production ? 90 : 14, 1, 3653);
  if (!RETENTION_DAYS.includes(logRetentionDays)) {
    throw new ConfigError(`context "logRetentionDays" must be one of ${RETENTION_DAYS.join(', ')}`);
  }
  const priceClass = text(node, 'priceClass') ?? 'PriceClass_100';
  if (!PRICE_CLASSES.some((allowed) => allowed === priceClass)) {
    throw new ConfigError(`context "priceClass" must be one of ${PRICE_CLASSES.join(', ')}`);
  }
  const uploadOrigins = (text(node, 'uploadOrigins') ?? 'https://*.cloudfront.net')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of uploadOrigins) {
    if (!/^https?:\/\/[^\s/]+$/.test(origin))
      throw new ConfigError(`context "uploadOrigins": bad origin "${origin}"`);
  }
  const alarmEmail = text(node, 'alarmEmail');
  if (alarmEmail !== undefined && !/^[^\s@]+@[^\s@]+$/.test(alarmEmail)) {
    throw new ConfigError(`context "alarmEmail" must be an email address (got "${alarmEmail}")`);
  }
  const domainName = text(node, 'domainName');
  const certificateArn = text(node, 'certificateArn');
  if ((domainName === undefined) !== (certificateArn === undefined)) {
    throw new ConfigError(
      'context "domainName" and "certificateArn" go together (an ACM certificate in us-east-1)',
    );
  }
  if (
    certificateArn !== undefined &&
    !/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\//.test(certificateArn)
  ) {
    throw new ConfigError(
      'context "certificateArn" must be an ACM certificate ARN in us-east-1 (CloudFront requires it)',
    );
  }
  const webAclArn = text(node, 'webAclArn');
  if (webAclArn !== undefined && !/^arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global\/webacl\//.test(webAclArn)) {
    throw new ConfigError(
      'context "webAclArn" must be a WAFv2 web ACL ARN of scope CLOUDFRONT (us-east-1, global)',
    );
  }
  const publicOriginText = text(node, 'publicOrigin');
  const publicOrigin =
    publicOriginText === undefined ? undefined : (parsePublicOrigin(publicOriginText) ?? undefined);
  if (publicOriginText !== undefined && publicOrigin === undefined) {
    throw new ConfigError(
      `context "publicOrigin" must be an http(s) origin without a path, like https://heartwood.example (got "${publicOriginText}")`,
    );
  }
  const emailVerification = text(node, 'emailVerification') ?? 'required';
  if (!emailVerificationModes.some((mode) => mode === emailVerification)) {
    throw new ConfigError(`context "emailVerification" must be one of ${emailVerificationModes.join(', ')}`);
  }
  if (domainName !== undefined && text(node, 'uploadOrigins') === undefined) {
    uploadOrigins.splice(0, uploadOrigins.length, `https://${domainName}`);
  }
  return {
    stage,
    production,
    account: text(node, 'account') ?? env.CDK_DEFAULT_ACCOUNT,
    region: text(node, 'region') ?? env.CDK_DEFAULT_REGION ?? 'us-east-1',
    apiMemoryMb: integer(node, 'apiMemoryMb', 1024, 256, 10240),
    apiTimeoutSeconds: integer(node, 'apiTimeoutSeconds', 10, 3, 29),
    photoMemoryMb: integer(node, 'photoMemoryMb', 2048, 512, 10240),
    logRetentionDays,
    apiThrottleRate: integer(node, 'apiThrottleRate', 100, 1, 10000),
    apiThrottleBurst: integer(node, 'apiThrottleBurst', 200, 1, 5000),
    wsThrottleRate: integer(node, 'wsThrottleRate', 100, 1, 10000),
    wsThrottleBurst: integer(node, 'wsThrottleBurst', 200, 1, 5000),
    passwordHashCost: integer(node, 'passwordHashCost', 17, 14, 20),
    autoHideReporters: integer(node, 'autoHideReporters', 3, 0, 1000),
    autoHideWindowSeconds: integer(node, 'autoHideWindowSeconds', 86400, 60, 31_536_000),
    webDistDir: text(node, 'webDistDir') ?? 'web/dist',
    uploadOrigins,
    priceClass: priceClass as StageConfig['priceClass'],
    alarmEmail,
    accessLogs: flag(node, 'accessLogs', production),
    appVersion: text(node, 'appVersion') ?? '0.0.0-unknown',
    domainName,
    certificateArn,
    webAclArn,
    waf: flag(node, 'waf', production),
    wafRateLimit: integer(node, 'wafRateLimit', 2000, 10, 2_000_000_000),
    wafAuthRateLimit: integer(node, 'wafAuthRateLimit', 100, 10, 2_000_000_000),
    authRouteThrottleRate: integer(node, 'authRouteThrottleRate', 10, 1, 10000),
    authRouteThrottleBurst: integer(node, 'authRouteThrottleBurst', 20, 1, 5000),
    authReservedConcurrency: optionalInteger(node, 'authReservedConcurrency', production ? 50 : 10, 1, 10000),
    photoReservedConcurrency: optionalInteger(
      node,
      'photoReservedConcurrency',
      production ? 20 : 5,
      1,
      10000,
    ),
    publicOrigin: publicOrigin ?? (domainName === undefined ? undefined : `https://${domainName}`),
    emailVerification: emailVerification as EmailVerificationMode,
  };
}
