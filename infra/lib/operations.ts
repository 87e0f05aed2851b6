import { Duration, Stack } from 'aws-cdk-lib';
import type { CfnStage } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { CfnPolicy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { CfnEventSourceMapping, type CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { CfnLogGroup, FilterPattern, type ILogGroup, LogGroup, MetricFilter } from 'aws-cdk-lib/aws-logs';
import { CfnSubscription } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct, type IConstruct } from 'constructs';
import type { ApiStack } from './api-stack';
import type { BundledFunction } from './bundled-function';
import type { StageConfig } from './config';
import type { MonitoringStack } from './monitoring-stack';
import { acknowledge } from './nag';
import type { WebStack } from './web-stack';

/**
 * What an operator needs from a first deploy on, applied over the stacks once they exist (each piece in one
 * place instead of spread over the stacks): JSON access logs on both APIs, X-Ray tracing on every function,
 * the SPA's index.html deployed only after its assets, and the alarms on what users notice first (p99
 * latency, the 4xx and 429 rates, the 5xx ratio).
 */
export function applyOperations(props: {
  config: StageConfig;
  api: ApiStack;
  web: WebStack;
  monitoring: MonitoringStack;
  functions: readonly BundledFunction[];
  otherStacks: readonly Stack[];
  deadLetterQueues: readonly IQueue[];
}): void {
  const { config, api, web, monitoring } = props;
  const httpLogs = jsonAccessLogs(
    api.httpStage.node.defaultChild as CfnStage,
    HTTP_ACCESS_LOG_FORMAT,
    'HttpAccessLogs',
  );
  jsonAccessLogs(
    api.webSocketStage.node.defaultChild as CfnStage,
    WEBSOCKET_ACCESS_LOG_FORMAT,
    'WsAccessLogs',
  );
  for (const bundled of props.functions) {
    traceFunction(bundled);
    acknowledge(
      bundled.function,
      'Serverless-LambdaDLQ',
      'No function of the app is invoked asynchronously without a failure path: API Gateway (HTTP and ' +
        'WebSocket) invokes synchronously and the client gets the error; S3 event invocations send failures to an ' +
        'on-failure SQS destination (the dead-letter queues alarmed on); SQS event sources use their queue redrive.',
    );
    acknowledge(
      bundled.function,
      'Serverless-LambdaLatestVersion',
      'Node.js 22 is the runtime the design targets and the code is tested on; moving to a newer runtime is a ' +
        'deliberate upgrade with its own test run, not a drift.',
    );
  }
  for (const queue of props.deadLetterQueues) {
    acknowledge(
      queue,
      'Serverless-SQSRedrivePolicy',
      'This queue is itself the dead-letter queue (or on-failure destination) of another queue or function; ' +
        'its messages wait for an operator, alarmed on as soon as one arrives.',
    );
  }
  for (const node of web.node.findAll()) {
    if (!node.node.id.startsWith('Custom::CDKBucketDeployment')) continue;
    acknowledge(
      node,
      'Serverless-LambdaDLQ',
      'CDK’s BucketDeployment handler runs only as a CloudFormation custom resource during deploys; a failure fails the deploy.',
    );
    acknowledge(
      node,
      'Serverless-LambdaLatestVersion',
      'The runtime of CDK’s BucketDeployment handler is chosen by aws-cdk-lib and moves with its upgrades.',
    );
    acknowledge(
      node,
      'Serverless-LambdaTracing',
      'CDK’s BucketDeployment handler copies files during deploys only; there is no request path to trace.',
    );
  }
  for (const stack of props.otherStacks) {
    for (const node of stack.node.findAll()) {
      if (node instanceof CfnEventSourceMapping) {
        acknowledge(
          node,
          'Serverless-LambdaEventSourceMappingDestination',
          'The source is an SQS queue with a redrive policy: a message that keeps failing moves to its dead-letter ' +
            'queue (alarmed on), which is the failure destination for SQS sources.',
        );
      }
      if (node instanceof CfnSubscription) {
        acknowledge(
          node,
          'Serverless-SNSRedrivePolicy',
          'SNS invokes the subscribed function asynchronously; a failed invocation goes to the function’s on-failure ' +
            'SQS destination (a dead-letter queue alarmed on), so an SNS-side redrive queue would hold nothing.',
        );
      }
    }
  }
  deployIndexAfterAssets(web);
  // CDK's own handlers (BucketDeployment) bring log groups of their own with a 2-year default: one retention
  // per stage for every log group.
  for (const stack of [api, web, monitoring, ...props.otherStacks]) {
    for (const node of stack.node.findAll()) {
      if (node instanceof CfnLogGroup) node.retentionInDays = config.logRetentionDays;
    }
  }
  new ApiAlarms(monitoring, 'ApiAlarms', { config, api, monitoring, httpAccessLogs: httpLogs });
}

/**
 * One JSON object per request (CloudWatch Logs Insights reads the fields directly). API Gateway's variables:
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html
 */
export const HTTP_ACCESS_LOG_FORMAT = {
  requestId: '$context.requestId',
  time: '$context.requestTimeEpoch',
  ip: '$context.identity.sourceIp',
  method: '$context.httpMethod',
  path: '$context.path',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  integrationLatencyMs: '$context.integrationLatency',
  integrationStatus: '$context.integrationStatus',
  integrationError: '$context.integrationErrorMessage',
  error: '$context.error.message',
};

export const WEBSOCKET_ACCESS_LOG_FORMAT = {
  requestId: '$context.requestId',
  time: '$context.requestTimeEpoch',
  ip: '$context.identity.sourceIp',
  connectionId: '$context.connectionId',
  eventType: '$context.eventType',
  routeKey: '$context.routeKey',
  status: '$context.status',
  latencyMs: '$context.integrationLatency',
  integrationStatus: '$context.integrationStatus',
  integrationError: '$context.integrationErrorMessage',
  error: '$context.error.message',
};

/** Sets the stage's access-log format; returns the log group (the stack's `logGroupId`) it writes to. */
function jsonAccessLogs(stage: CfnStage, format: Record<string, string>, logGroupId: string): ILogGroup {
  const settings = stage.accessLogSettings as CfnStage.AccessLogSettingsProperty | undefined;
  if (settings === undefined) throw new Error(`${stage.node.path} has no access log settings`);
  stage.accessLogSettings = { ...settings, format: JSON.stringify(format) };
  const group = stage.stack.node.tryFindChild(logGroupId);
  if (!(group instanceof LogGroup))
    throw new Error(`${stage.stack.node.path} has no log group ${logGroupId}`);
  return group;
}

/** Active X-Ray tracing; the write permission X-Ray needs has no resource scope (`*`, reviewed here). */
function traceFunction(bundled: BundledFunction): void {
  const cfn = bundled.function.node.defaultChild as CfnFunction;
  cfn.tracingConfig = { mode: 'Active' };
  bundled.role.addToPolicy(
    new PolicyStatement({
      actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
      resources: ['*'],
    }),
  );
  acknowledgeXrayWildcard(bundled.role);
}

/** Acknowledges `Resource::*` on the role's policies only where X-Ray's statement is the only one that has it. */
function acknowledgeXrayWildcard(scope: IConstruct): void {
  for (const node of scope.node.findAll()) {
    if (!(node instanceof CfnPolicy)) continue;
    const document = Stack.of(node).resolve(node.policyDocument) as {
      Statement?: { Action?: string | string[]; Resource?: unknown }[];
    };
    const starred = (document.Statement ?? []).filter((statement) =>
      [statement.Resource].flat().some((resource) => resource === '*'),
    );
    const onlyXray = starred.every((statement) =>
      [statement.Action ?? []].flat().every((action) => action.startsWith('xray:')),
    );
    if (starred.length > 0 && onlyXray) {
      acknowledge(
        node,
        'AwsSolutions-IAM5[Resource::*]',
        'X-Ray trace segments and telemetry cannot be scoped to a resource (xray:PutTraceSegments and ' +
          'xray:PutTelemetryRecords take only "*"); the statement grants nothing else.',
      );
    }
  }
}

/** index.html names the hashed assets: upload them first, so no browser gets a page whose chunks are missing. */
function deployIndexAfterAssets(web: WebStack): void {
  const assets = web.node.tryFindChild('DeployAssets');
  const index = web.node.tryFindChild('DeployIndex');
  if (assets === undefined || index === undefined)
    throw new Error('the web stack has no DeployAssets/DeployIndex');
  index.node.addDependency(assets);
}

const FIVE_MINUTES = Duration.minutes(5);

interface ApiAlarmsProps {
  config: StageConfig;
  api: ApiStack;
  monitoring: MonitoringStack;
  httpAccessLogs: ILogGroup;
}

/**
 * The HTTP API's health as users feel it, to the monitoring stack's topic: p99 latency, the 4xx rate (bots,
 * a broken client release), the 429 rate (limits too tight, or an attack), and the 5xx ratio (a ratio, so a
 * quiet night and a busy evening alarm alike).
 */
export class ApiAlarms extends Construct {
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: ApiAlarmsProps) {
    super(scope, id);
    const { config, api, monitoring } = props;
    const httpApi = api.httpApi;
    const name = (part: string) => `dating-${config.stage}-${part}`;
    const add = (id: string, alarm: Omit<ConstructorParameters<typeof Alarm>[2], 'alarmName'>) => {
      const created = new Alarm(monitoring, id, { ...alarm, alarmName: name(id) });
      created.addAlarmAction(new SnsAction(monitoring.alarmTopic));
      monitoring.alarms.push(created);
      this.alarms.push(created);
    };

    add('ApiLatencyP99', {
      alarmDescription: 'HTTP API p99 latency over 2 s for 15 minutes',
      metric: httpApi.metricLatency({ period: FIVE_MINUTES, statistic: 'p99' }),
      threshold: 2000,
      evaluationPeriods: 3,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    const count = httpApi.metricCount({ period: FIVE_MINUTES, statistic: 'Sum' });
    const clientErrors = httpApi.metricClientError({ period: FIVE_MINUTES, statistic: 'Sum' });
    const serverErrors = httpApi.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' });
    add('Api4xxRate', {
      alarmDescription:
        'More than 25% of HTTP API requests answered 4xx over 15 minutes (at least 50 requests)',
      metric: new MathExpression({
        expression: 'IF(requests >= 50, errors / requests, 0)',
        usingMetrics: { requests: count, errors: clientErrors },
        period: FIVE_MINUTES,
        label: '4xx ratio',
      }),
      threshold: 0.25,
      evaluationPeriods: 3,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    add('Api5xxRatio', {
      alarmDescription: 'More than 1% of HTTP API requests answered 5xx in 5 minutes (at least 20 requests)',
      metric: new MathExpression({
        expression: 'IF(requests >= 20, errors / requests, 0)',
        usingMetrics: { requests: count, errors: serverErrors },
        period: FIVE_MINUTES,
        label: '5xx ratio',
      }),
      threshold: 0.01,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    // API Gateway has no 429 metric: count the access log's `"status":"429"` lines (the JSON format above).
    const namespace = `Dating/${config.stage}`;
    new MetricFilter(api, 'Http429Filter', {
      logGroup: props.httpAccessLogs,
      filterPattern: FilterPattern.stringValue('$.status', '=', '429'),
      metricNamespace: namespace,
      metricName: 'Http429',
      metricValue: '1',
      defaultValue: 0,
    });
    add('Api429Rate', {
      alarmDescription: 'More than 5% of HTTP API requests answered 429 (rate limited) over 15 minutes',
      metric: new MathExpression({
        expression: 'IF(requests >= 50, limited / requests, 0)',
        usingMetrics: {
          requests: count,
          limited: new Metric({ namespace, metricName: 'Http429', period: FIVE_MINUTES, statistic: 'Sum' }),
        },
        period: FIVE_MINUTES,
        label: '429 ratio',
      }),
      threshold: 0.05,
      evaluationPeriods: 3,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }
}
