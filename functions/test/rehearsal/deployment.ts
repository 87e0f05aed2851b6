import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type CfnResource,
  RehearsalError,
  type ResourceRef,
  readCloudAssembly,
  type StackTemplate,
  TemplateResolver,
} from './cloud-assembly';

/**
 * What a deploy of the cloud assembly would create, as far as the functions are concerned: every Lambda
 * function with its asset directory and resolved environment, the routes of every API and the function each
 * one's integration points at, the tables, buckets, secrets and queues, and the event sources (S3
 * notifications, SQS event source mappings). Read from the templates only.
 */

export interface RehearsedFunction {
  /** `<stack>/<logicalId>`. */
  id: string;
  /** A short name for reports: the construct id (`system`, `photo`, `mail-sender`), else the logical id. */
  label: string;
  /** The physical function name (AWS_LAMBDA_FUNCTION_NAME). */
  name: string;
  runtime: string;
  /** `index.handler`: module `index` of the asset, export `handler`. */
  handler: string;
  assetDir: string;
  /** The `Environment.Variables` of the template, resolved. */
  environment: Record<string, string>;
  memoryMb: number;
  timeoutSeconds: number;
}

export interface RouteBinding {
  /** `GET /api/health`, `$default`, `sendMessage`, ... */
  routeKey: string;
  api: 'HTTP' | 'WEBSOCKET';
  /** The function the route's integration invokes. */
  functionId: string;
}

export interface TableDefinition {
  name: string;
  keySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
  attributeDefinitions: { AttributeName: string; AttributeType: 'S' | 'N' | 'B' }[];
  globalSecondaryIndexes: {
    IndexName: string;
    KeySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
    Projection: { ProjectionType?: 'ALL' | 'KEYS_ONLY' | 'INCLUDE'; NonKeyAttributes?: string[] };
  }[];
  ttlAttribute: string | undefined;
}

export interface SecretDefinition {
  arn: string;
  name: string;
  value: string;
}

export interface QueueDefinition {
  url: string;
  arn: string;
}

export interface S3Notification {
  bucket: string;
  /** `s3:ObjectCreated:*` and the like. */
  events: string[];
  prefix: string;
  suffix: string;
  functionId: string;
}

/** A function subscribed to an SNS topic (`AWS::SNS::Subscription`, protocol `lambda`). */
export interface TopicSubscription {
  topicArn: string;
  functionId: string;
}

export interface QueueMapping {
  queueArn: string;
  functionId: string;
  batchSize: number;
  reportsBatchItemFailures: boolean;
}

/**
 * A CloudFront behaviour: its path pattern, the headers its origin adds to every request (`/api/*` ->
 * `x-origin-verify`), and the bucket when the origin is S3 (`/media/*`).
 */
export interface EdgeBehavior {
  pathPattern: string;
  headers: Record<string, string>;
  bucket?: string;
}

export interface Deployment {
  directory: string;
  stacks: StackTemplate[];
  functions: RehearsedFunction[];
  routes: RouteBinding[];
  tables: TableDefinition[];
  buckets: string[];
  secrets: SecretDefinition[];
  queues: QueueDefinition[];
  s3Notifications: S3Notification[];
  queueMappings: QueueMapping[];
  topicSubscriptions: TopicSubscription[];
  edgeBehaviors: EdgeBehavior[];
  /** Stage names of the WebSocket APIs (the management API's path prefix). */
  websocketStages: string[];
}

const functionId = (ref: ResourceRef) => `${ref.stack}/${ref.logicalId}`;

/** `FnsystemFunction5D6C90C6` (construct `Fn-system/Function`) -> `system`. */
function labelOf(logicalId: string): string {
  return /^Fn(.+?)Function[0-9A-F]{8}$/.exec(logicalId)?.[1] ?? logicalId;
}

/** A value CloudFormation's GenerateSecretString could produce (alphanumeric when punctuation is excluded). */
function generatedSecret(props: Record<string, unknown>): string {
  const generate = (props.GenerateSecretString ?? {}) as { PasswordLength?: number };
  if (typeof props.SecretString === 'string') return props.SecretString;
  const length = generate.PasswordLength ?? 32;
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(length)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

/** CDK's custom resource providers (cross-region references, AwsCustomResource, ...): they run at deploy time. */
const isCdkProvider = (logicalId: string, handler: string) =>
  handler === '__entrypoint__.handler' ||
  /^(Custom|AWS[0-9a-f]{32}|CustomCrossRegion|BucketNotificationsHandler)/.test(logicalId);

/** Reads the cloud assembly and resolves everything the rehearsal needs; throws naming what is wrong. */
export function readDeployment(
  directory: string,
  stacks: StackTemplate[] = readCloudAssembly(directory),
): Deployment {
  // Secrets first: dynamic references in the other templates resolve to their values.
  const secrets: SecretDefinition[] = [];
  const secretValue = (id: string) =>
    secrets.find((secret) => secret.arn === id || secret.name === id || secret.arn.startsWith(`${id}-`))
      ?.value;
  const resolver = new TemplateResolver(stacks, secretValue);
  for (const ref of resolver.resourcesOfType('AWS::SecretsManager::Secret')) {
    const arn = resolver.physicalId(ref);
    const name = /:secret:(.+)-[A-Za-z0-9]{6}$/.exec(arn)?.[1] ?? ref.logicalId;
    secrets.push({ arn, name, value: generatedSecret(ref.resource.Properties ?? {}) });
  }

  const functions: RehearsedFunction[] = [];
  for (const ref of resolver.resourcesOfType('AWS::Lambda::Function')) {
    const props = ref.resource.Properties ?? {};
    const where = `${ref.stack}/${ref.logicalId}`;
    const code = (props.Code ?? {}) as { S3Key?: unknown; ZipFile?: unknown };
    // CDK's own deploy-time helpers (inline Python, custom resource providers) are not the app's code.
    if (typeof code.S3Key !== 'string' || !String(props.Runtime ?? '').startsWith('nodejs')) continue;
    if (isCdkProvider(ref.logicalId, String(props.Handler ?? ''))) continue;
    const stack = resolver.stack(ref.stack);
    const assetDir = stack.assetDirs.get(code.S3Key);
    if (assetDir === undefined || !existsSync(assetDir)) {
      throw new RehearsalError(`${where}: its code asset ${code.S3Key} is not in the cloud assembly`);
    }
    const variables = ((props.Environment ?? {}) as { Variables?: Record<string, unknown> }).Variables ?? {};
    const environment: Record<string, string> = {};
    for (const [name, value] of Object.entries(variables)) {
      environment[name] = resolver.resolveString(ref.stack, value, `${where} Environment ${name}`);
    }
    functions.push({
      id: functionId(ref),
      label: labelOf(ref.logicalId),
      name: resolver.physicalId(ref),
      runtime: String(props.Runtime),
      handler: String(props.Handler ?? 'index.handler'),
      assetDir,
      environment,
      memoryMb: Number(props.MemorySize ?? 128),
      timeoutSeconds: Number(props.Timeout ?? 3),
    });
  }
  const byArn = (value: string, where: string): string => {
    const ref = resolver.functionByArnOrName(value);
    if (!ref) throw new RehearsalError(`${where}: ${value} is not a function of the cloud assembly`);
    const id = functionId(ref);
    if (!functions.some((fn) => fn.id === id)) {
      throw new RehearsalError(`${where}: function ${id} has no Node.js code asset to rehearse`);
    }
    return id;
  };

  const routes: RouteBinding[] = [];
  for (const ref of resolver.resourcesOfType('AWS::ApiGatewayV2::Route')) {
    const props = ref.resource.Properties ?? {};
    const routeKey = String(props.RouteKey);
    const where = `route "${routeKey}" (${ref.stack}/${ref.logicalId})`;
    const apiRef = String((props.ApiId as { Ref?: unknown } | undefined)?.Ref ?? '');
    const api = resolver.stack(ref.stack).resources[apiRef];
    const protocol = api?.Properties?.ProtocolType === 'WEBSOCKET' ? 'WEBSOCKET' : 'HTTP';
    if (props.Target === undefined) throw new RehearsalError(`${where} has no integration (no Target)`);
    const target = resolver.resolveString(ref.stack, props.Target, where);
    const integrationId = /^integrations\/(.+)$/.exec(target)?.[1];
    const integration: CfnResource | undefined =
      integrationId === undefined ? undefined : resolver.stack(ref.stack).resources[integrationId];
    if (integrationId === undefined || integration?.Type !== 'AWS::ApiGatewayV2::Integration') {
      throw new RehearsalError(`${where} has no integration (its Target "${target}" names none)`);
    }
    const uri = integration.Properties?.IntegrationUri;
    if (integration.Properties?.IntegrationType !== 'AWS_PROXY' || uri === undefined) {
      throw new RehearsalError(
        `${where}: its integration ${integrationId} is not a Lambda proxy integration`,
      );
    }
    const arn = resolver.resolveString(ref.stack, uri, `${where} integration ${integrationId}`);
    routes.push({ routeKey, api: protocol, functionId: byArn(arn, where) });
  }

  const tables: TableDefinition[] = resolver
    .resourcesOfType('AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable')
    .map((ref) => {
      const props = (ref.resource.Properties ?? {}) as Record<string, unknown>;
      const ttl = props.TimeToLiveSpecification as { AttributeName?: string; Enabled?: boolean } | undefined;
      return {
        name: resolver.physicalId(ref),
        keySchema: props.KeySchema as TableDefinition['keySchema'],
        attributeDefinitions: props.AttributeDefinitions as TableDefinition['attributeDefinitions'],
        globalSecondaryIndexes: (props.GlobalSecondaryIndexes ??
          []) as TableDefinition['globalSecondaryIndexes'],
        ttlAttribute: ttl?.Enabled === false ? undefined : ttl?.AttributeName,
      };
    });

  const buckets = resolver.resourcesOfType('AWS::S3::Bucket').map((ref) => resolver.physicalId(ref));
  const queues = resolver.resourcesOfType('AWS::SQS::Queue').map((ref) => ({
    url: resolver.physicalId(ref),
    arn: resolver.attribute(ref, 'Arn', `${ref.stack}/${ref.logicalId}`),
  }));

  const s3Notifications: S3Notification[] = [];
  const addNotifications = (stack: string, bucket: string, configuration: unknown, where: string) => {
    const list = ((configuration ?? {}) as { LambdaFunctionConfigurations?: unknown[] })
      .LambdaFunctionConfigurations;
    for (const [index, entry] of (list ?? []).entries()) {
      const item = entry as {
        Events?: string[];
        Event?: string;
        Filter?: {
          Key?: { FilterRules?: { Name: string; Value: string }[] };
          S3Key?: { Rules?: { Name: string; Value: string }[] };
        };
        LambdaFunctionArn?: unknown;
        Function?: unknown;
      };
      const rules = item.Filter?.Key?.FilterRules ?? item.Filter?.S3Key?.Rules ?? [];
      const rule = (name: string) => rules.find((r) => r.Name.toLowerCase() === name)?.Value ?? '';
      const arn = resolver.resolveString(
        stack,
        item.LambdaFunctionArn ?? item.Function,
        `${where}[${index}]`,
      );
      s3Notifications.push({
        bucket,
        events: item.Events ?? (item.Event ? [item.Event] : []),
        prefix: rule('prefix'),
        suffix: rule('suffix'),
        functionId: byArn(arn, `${where}[${index}]`),
      });
    }
  };
  for (const ref of resolver.resourcesOfType('Custom::S3BucketNotifications')) {
    const props = ref.resource.Properties ?? {};
    const where = `${ref.stack}/${ref.logicalId}`;
    addNotifications(
      ref.stack,
      resolver.resolveString(ref.stack, props.BucketName, where),
      props.NotificationConfiguration,
      where,
    );
  }
  for (const ref of resolver.resourcesOfType('AWS::S3::Bucket')) {
    const config = ref.resource.Properties?.NotificationConfiguration;
    if (config !== undefined)
      addNotifications(ref.stack, resolver.physicalId(ref), config, `${ref.stack}/${ref.logicalId}`);
  }

  const queueMappings: QueueMapping[] = [];
  for (const ref of resolver.resourcesOfType('AWS::Lambda::EventSourceMapping')) {
    const props = ref.resource.Properties ?? {};
    const where = `${ref.stack}/${ref.logicalId}`;
    const source = resolver.resolveString(ref.stack, props.EventSourceArn, where);
    if (!source.startsWith('arn:aws:sqs:')) continue;
    const target = resolver.resolveString(ref.stack, props.FunctionName, where);
    queueMappings.push({
      queueArn: source,
      functionId: byArn(target, where),
      batchSize: Number(props.BatchSize ?? 10),
      reportsBatchItemFailures: ((props.FunctionResponseTypes ?? []) as string[]).includes(
        'ReportBatchItemFailures',
      ),
    });
  }

  const topicSubscriptions: TopicSubscription[] = [];
  for (const ref of resolver.resourcesOfType('AWS::SNS::Subscription')) {
    const props = ref.resource.Properties ?? {};
    if (props.Protocol !== 'lambda') continue;
    const where = `${ref.stack}/${ref.logicalId}`;
    topicSubscriptions.push({
      topicArn: resolver.resolveString(ref.stack, props.TopicArn, where),
      functionId: byArn(resolver.resolveString(ref.stack, props.Endpoint, where), where),
    });
  }

  const edgeBehaviors: EdgeBehavior[] = [];
  for (const ref of resolver.resourcesOfType('AWS::CloudFront::Distribution')) {
    const where = `${ref.stack}/${ref.logicalId}`;
    const config = (ref.resource.Properties?.DistributionConfig ?? {}) as {
      Origins?: {
        Id: string;
        DomainName: unknown;
        S3OriginConfig?: unknown;
        OriginCustomHeaders?: { HeaderName: string; HeaderValue: unknown }[];
      }[];
      CacheBehaviors?: { PathPattern: string; TargetOriginId: string }[];
    };
    for (const behavior of config.CacheBehaviors ?? []) {
      const origin = config.Origins?.find((candidate) => candidate.Id === behavior.TargetOriginId);
      const headers: Record<string, string> = {};
      for (const header of origin?.OriginCustomHeaders ?? []) {
        headers[header.HeaderName.toLowerCase()] = resolver.resolveString(
          ref.stack,
          header.HeaderValue,
          `${where} origin ${origin?.Id} header ${header.HeaderName}`,
        );
      }
      const domain =
        origin?.S3OriginConfig === undefined
          ? undefined
          : resolver.resolveString(ref.stack, origin.DomainName, `${where} origin ${origin.Id}`);
      const bucket = domain === undefined ? undefined : /^(.+?)\.s3[.-]/.exec(domain)?.[1];
      edgeBehaviors.push({ pathPattern: behavior.PathPattern, headers, ...(bucket ? { bucket } : {}) });
    }
  }

  const websocketStages = resolver.resourcesOfType('AWS::ApiGatewayV2::Stage').flatMap((ref) => {
    const props = ref.resource.Properties ?? {};
    const apiRef = String((props.ApiId as { Ref?: unknown } | undefined)?.Ref ?? '');
    const api = resolver.stack(ref.stack).resources[apiRef];
    return api?.Properties?.ProtocolType === 'WEBSOCKET' ? [String(props.StageName)] : [];
  });

  return {
    directory,
    stacks,
    functions,
    routes,
    tables,
    buckets,
    secrets,
    queues,
    s3Notifications,
    queueMappings,
    topicSubscriptions,
    edgeBehaviors,
    websocketStages,
  };
}

/** The module file of a handler string (`index.handler` -> `<asset>/index.mjs` or `.js`). */
export function handlerModule(fn: Pick<RehearsedFunction, 'assetDir' | 'handler' | 'id'>): {
  file: string;
  exportName: string;
} {
  const match = /^(.+)\.([^.]+)$/.exec(fn.handler);
  if (!match?.[1] || !match[2])
    throw new RehearsalError(`${fn.id}: handler "${fn.handler}" is not <module>.<export>`);
  const base = join(fn.assetDir, match[1]);
  const file = ['.mjs', '.js', '.cjs']
    .map((ext) => `${base}${ext}`)
    .find((candidate) => existsSync(candidate));
  if (!file)
    throw new RehearsalError(`${fn.id}: bundle cannot load: no ${match[1]}.mjs/.js in ${fn.assetDir}`);
  return { file, exportName: match[2] };
}

/** Variables Node.js or the AWS SDK read themselves: a bundle need not name them. */
const RUNTIME_VARIABLES = /^(NODE_OPTIONS|NODE_EXTRA_CA_CERTS|TZ|AWS_[A-Z0-9_]+)$/;

/**
 * The template's variables for a function that its bundle never names: a variable the template calls
 * differently from the code (which then does without it, or fails looking for its own name). The bundles are
 * minified, but the names of environment variables stay literal (`process.env.X`, a schema's keys).
 */
export function variablesNotInBundle(
  fn: Pick<RehearsedFunction, 'assetDir' | 'handler' | 'id' | 'environment'>,
): string[] {
  const code = readFileSync(handlerModule(fn).file, 'utf8');
  const named = (name: string) => new RegExp(`(?<![A-Za-z0-9_])${name}(?![A-Za-z0-9_])`).test(code);
  return Object.keys(fn.environment).filter((name) => !RUNTIME_VARIABLES.test(name) && !named(name));
}
