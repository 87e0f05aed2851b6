import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { IHttpApi, IWebSocketApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { type ITableV2, Operation } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { StageConfig } from './config';
import { acknowledge } from './nag';

export interface MonitoredFunction {
  name: string;
  function: IFunction;
}

export interface MonitoringStackProps extends StackProps {
  config: StageConfig;
  httpApi: IHttpApi;
  webSocketApi: IWebSocketApi;
  functions: readonly MonitoredFunction[];
  table: ITableV2;
  deadLetterQueues: readonly { name: string; queue: IQueue }[];
}

const FIVE_MINUTES = Duration.minutes(5);

/**
 * Alarms on what users would notice (API 5xx, Lambda errors and throttles, DynamoDB system errors and
 * throttles, dead letters) to one SNS topic, and one dashboard. ~$0.10 per alarm per month.
 */
export class MonitoringStack extends Stack {
  readonly alarmTopic: Topic;
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.alarmTopic = new Topic(this, 'Alarms', {
      displayName: `Dating app ${config.stage} alarms`,
      enforceSSL: true,
    });
    if (config.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(config.alarmEmail));
    acknowledge(
      this.alarmTopic,
      'AwsSolutions-SNS2',
      'Alarm notifications carry metric names and thresholds, no user data; CloudWatch cannot publish to a topic ' +
        'encrypted with the AWS-managed SNS key, and a customer-managed key costs $1/month for nothing to protect.',
    );

    const alarm = (name: string, metric: IMetric, threshold: number, description: string) => {
      const created = new Alarm(this, name, {
        alarmName: `dating-${config.stage}-${name}`,
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(new SnsAction(this.alarmTopic));
      this.alarms.push(created);
      return created;
    };

    const api5xx = props.httpApi.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' });
    alarm('Api5xx', api5xx, 5, 'The HTTP API answered 5 or more 5xx in 5 minutes');
    const wsErrors = new Metric({
      namespace: 'AWS/ApiGateway',
      metricName: 'IntegrationError',
      dimensionsMap: { ApiId: props.webSocketApi.apiId },
      period: FIVE_MINUTES,
      statistic: 'Sum',
    });
    alarm(
      'WebSocketIntegrationErrors',
      wsErrors,
      5,
      'The WebSocket API saw 5 or more integration errors in 5 minutes',
    );

    for (const { name, function: fn } of props.functions) {
      alarm(
        `Fn-${name}-Errors`,
        fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
        1,
        `Function ${name} failed (crash or timeout; handled errors are answered as 500 and counted by Api5xx)`,
      );
      alarm(
        `Fn-${name}-Throttles`,
        fn.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' }),
        1,
        `Function ${name} was throttled (account concurrency exhausted)`,
      );
    }

    // The operations the store uses (an alarm's math expression may hold at most 10 metrics).
    const storeOperations = [
      Operation.GET_ITEM,
      Operation.BATCH_GET_ITEM,
      Operation.QUERY,
      Operation.PUT_ITEM,
      Operation.UPDATE_ITEM,
      Operation.DELETE_ITEM,
      Operation.BATCH_WRITE_ITEM,
      Operation.TRANSACT_WRITE_ITEMS,
      Operation.TRANSACT_GET_ITEMS,
    ];
    const tableSystemErrors = props.table.metricSystemErrorsForOperations({
      period: FIVE_MINUTES,
      operations: storeOperations,
    });
    alarm('TableSystemErrors', tableSystemErrors, 1, 'DynamoDB answered 5xx (system errors)');
    const tableThrottles = props.table.metricThrottledRequestsForOperations({
      period: FIVE_MINUTES,
      operations: storeOperations,
    });
    alarm(
      'TableThrottles',
      tableThrottles,
      1,
      'DynamoDB throttled requests (on-demand burst or account limits)',
    );

    for (const { name, queue } of props.deadLetterQueues) {
      alarm(
        `${name}-DeadLetters`,
        queue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' }),
        1,
        `Events of ${name} failed every retry and wait in the dead-letter queue`,
      );
    }

    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName: `dating-${config.stage}` });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: `# Dating app (${config.stage})\nAPI, functions, table and dead letters. Alarms go to the SNS topic ${this.alarmTopic.topicName}.`,
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'HTTP API requests and errors',
        left: [
          props.httpApi.metricCount({ period: FIVE_MINUTES }),
          props.httpApi.metricClientError({ period: FIVE_MINUTES }),
          api5xx,
        ],
        width: 12,
      }),
      new GraphWidget({
        title: 'HTTP API latency (p50, p99)',
        left: [
          props.httpApi.metricLatency({ period: FIVE_MINUTES, statistic: 'p50' }),
          props.httpApi.metricLatency({ period: FIVE_MINUTES, statistic: 'p99' }),
        ],
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Function duration p99',
        left: props.functions.map(({ function: fn }) =>
          fn.metricDuration({ period: FIVE_MINUTES, statistic: 'p99' }),
        ),
        width: 12,
      }),
      new GraphWidget({
        title: 'Function errors and throttles',
        left: props.functions.flatMap(({ function: fn }) => [
          fn.metricErrors({ period: FIVE_MINUTES }),
          fn.metricThrottles({ period: FIVE_MINUTES }),
        ]),
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Dead letters',
        left: props.deadLetterQueues.map(({ queue }) => queue.metricApproximateNumberOfMessagesVisible()),
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'DynamoDB consumed capacity',
        left: [
          props.table.metricConsumedReadCapacityUnits({ period: FIVE_MINUTES }),
          props.table.metricConsumedWriteCapacityUnits({ period: FIVE_MINUTES }),
        ],
        width: 12,
      }),
      new GraphWidget({ title: 'DynamoDB system errors', left: [tableSystemErrors], width: 6 }),
      new GraphWidget({ title: 'DynamoDB throttled requests', left: [tableThrottles], width: 6 }),
    );
  }
}
