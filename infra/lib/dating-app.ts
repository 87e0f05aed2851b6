import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type App, Tags } from 'aws-cdk-lib';
import type { HttpRoute } from '../../functions/src/handlers/http/http-route';
import { ApiStack } from './api-stack';
import { REPO_ROOT } from './bundled-function';
import type { StageConfig } from './config';
import { DataStack } from './data-stack';
import { CLOUDFRONT_METRICS_REGION, EdgeAlarmsStack } from './edge-alarms-stack';
import { MailStack, readMailSettings } from './mail-stack';
import { type MonitoredFunction, MonitoringStack } from './monitoring-stack';
import { applyOperations } from './operations';
import { PHOTO_ENTRY, PhotoStack } from './photo-stack';
import { WAF_REGION, WafStack } from './waf-stack';
import { WebStack } from './web-stack';

export interface DatingAppOptions {
  /** Inline stub code instead of esbuild bundles: fast template-only tests. */
  stubCode?: boolean;
  /** The route table (default: THE route table). */
  routes?: readonly HttpRoute[];
  /** The photo function's entry; the photo stack is created only when it exists. */
  photoEntry?: string;
}

export interface DatingAppStacks {
  data: DataStack;
  api: ApiStack;
  photo: PhotoStack | undefined;
  web: WebStack;
  /** The app's own CloudFront web ACL (us-east-1), unless disabled or replaced by `webAclArn`. */
  waf: WafStack | undefined;
  monitoring: MonitoringStack;
  /** Only with `-c mailDomain=...`: without it the API functions log account mail instead of sending it. */
  mail: MailStack | undefined;
  /** us-east-1: the CloudFront 5xx alarm (CloudFront's metrics are published there only). */
  edgeAlarms: EdgeAlarmsStack;
}

/** The product version stamped into every function (`GET /api/health`). */
export function readAppVersion(): string {
  const parsed: unknown = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
  return typeof parsed === 'object' &&
    parsed !== null &&
    'version' in parsed &&
    typeof parsed.version === 'string'
    ? parsed.version
    : '0.0.0-unknown';
}

/**
 * The whole deployment of one stage: data <- api <- web, data <- photo, and monitoring over all of them.
 * Stack names carry the stage, so several stages can live in one account.
 */
export function createDatingApp(
  app: App,
  config: StageConfig,
  options: DatingAppOptions = {},
): DatingAppStacks {
  const env = { account: config.account, region: config.region };
  const name = (part: string) => `Dating-${config.stage}-${part}`;
  const common = { env, config };

  const data = new DataStack(app, name('Data'), {
    ...common,
    description: `Dating app ${config.stage}: table, photos bucket, JWT secret`,
  });
  const api = new ApiStack(app, name('Api'), {
    ...common,
    description: `Dating app ${config.stage}: HTTP + WebSocket APIs and their Lambda functions`,
    table: data.table,
    jwtSecret: data.jwtSecret,
    ...(options.routes ? { routes: options.routes } : {}),
    ...(options.stubCode ? { stubCode: true } : {}),
  });

  const mailSettings = readMailSettings((key) => app.node.tryGetContext(key));
  const mail = mailSettings
    ? new MailStack(app, name('Mail'), {
        ...common,
        description: `Dating app ${config.stage}: SES identity, mail queue, bounce and complaint handling`,
        mail: mailSettings,
        table: data.table,
        ...(options.stubCode ? { stubCode: true } : {}),
      })
    : undefined;
  // Every HTTP function may queue account mail: the queue's URL and sqs:SendMessage on it, nothing else.
  for (const bundled of mail ? api.httpFunctions.values() : []) {
    bundled.function.addEnvironment('MAIL_QUEUE_URL', mail?.queue.queueUrl ?? '');
    mail?.queue.grantSendMessages(bundled.function);
  }

  const photoEntry = options.photoEntry ?? PHOTO_ENTRY;
  const photo = existsSync(photoEntry)
    ? new PhotoStack(app, name('Photo'), {
        ...common,
        description: `Dating app ${config.stage}: photo processing (S3 uploads -> sharp -> renditions)`,
        table: data.table,
        webSocketApiId: api.webSocketApiIdExport,
        entry: photoEntry,
        ...(options.stubCode ? { stubCode: true } : {}),
      })
    : undefined;

  // A CloudFront web ACL must be created in us-east-1: its own stack there, its ARN carried to the web stack
  // by CDK's cross-region references (or a plain export when the app runs in us-east-1 too).
  const waf =
    config.waf && config.webAclArn === undefined
      ? new WafStack(app, name('Waf'), {
          env: { account: config.account, region: WAF_REGION },
          config,
          crossRegionReferences: config.region !== WAF_REGION,
          description: `Dating app ${config.stage}: CloudFront web ACL (rate limits, AWS managed rules)`,
        })
      : undefined;
  const webAclArn = config.webAclArn ?? waf?.webAcl.attrArn;

  const web = new WebStack(app, name('Web'), {
    ...common,
    ...(waf && config.region !== WAF_REGION ? { crossRegionReferences: true } : {}),
    ...(webAclArn === undefined ? {} : { webAclArn }),
    description: `Dating app ${config.stage}: CloudFront, SPA bucket, security headers`,
    httpApi: api.httpApi,
    webSocketApi: api.webSocketApi,
    webSocketStage: api.webSocketStage,
    ...(data.logBucket ? { logBucket: data.logBucket } : {}),
  });

  // The photos bucket is found by name (photos-bucket.ts), not by reference: make the order explicit.
  const reason = 'the photos bucket is found by name';
  api.addStackDependency(data, reason);
  web.addStackDependency(data, reason);
  photo?.addStackDependency(data, reason);

  const functions: MonitoredFunction[] = [
    ...[...api.httpFunctions.entries()].map(([group, bundled]) => ({
      name: group,
      function: bundled.function,
    })),
    { name: 'realtime', function: api.realtimeFunction.function },
    ...(photo ? [{ name: 'photo', function: photo.photoFunction.function }] : []),
    ...(mail
      ? [
          { name: 'mail-sender', function: mail.senderFunction.function },
          { name: 'mail-feedback', function: mail.feedbackFunction.function },
        ]
      : []),
  ];
  const monitoring = new MonitoringStack(app, name('Monitoring'), {
    ...common,
    description: `Dating app ${config.stage}: alarms and dashboard`,
    httpApi: api.httpApi,
    webSocketApi: api.webSocketApi,
    functions,
    table: data.table,
    deadLetterQueues: [
      ...(photo ? [{ name: 'PhotoEvents', queue: photo.deadLetterQueue }] : []),
      ...(mail
        ? [
            { name: 'Mail', queue: mail.deadLetterQueue },
            { name: 'MailFeedback', queue: mail.feedbackDeadLetterQueue },
          ]
        : []),
    ],
  });

  // CloudFront's metrics exist in us-east-1 only: its alarm lives there.
  const edgeAlarms = new EdgeAlarmsStack(app, name('EdgeAlarms'), {
    env: { account: config.account, region: CLOUDFRONT_METRICS_REGION },
    config,
    crossRegionReferences: config.region !== CLOUDFRONT_METRICS_REGION,
    description: `Dating app ${config.stage}: CloudFront alarms (us-east-1, where CloudFront's metrics are)`,
    distributionId: web.distribution.distributionId,
  });

  applyOperations({
    config,
    api,
    web,
    monitoring,
    functions: [
      ...api.httpFunctions.values(),
      api.realtimeFunction,
      ...(photo ? [photo.photoFunction] : []),
      ...(mail ? [mail.senderFunction, mail.feedbackFunction] : []),
    ],
    otherStacks: [data, ...(photo ? [photo] : []), ...(mail ? [mail] : []), ...(waf ? [waf] : [])],
    deadLetterQueues: [
      ...(photo ? [photo.deadLetterQueue] : []),
      ...(mail ? [mail.deadLetterQueue, mail.feedbackDeadLetterQueue] : []),
    ],
  });

  for (const stack of [data, api, photo, waf, web, monitoring, mail, edgeAlarms]) {
    if (!stack) continue;
    Tags.of(stack).add('app', 'dating');
    Tags.of(stack).add('stage', config.stage);
  }
  return { data, api, photo, web, waf, monitoring, mail, edgeAlarms };
}
