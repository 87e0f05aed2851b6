import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import type { StageConfig } from './config';
import { acknowledge } from './nag';

/** CloudFront publishes its metrics in us-east-1 only, and an alarm watches metrics of its own region. */
export const CLOUDFRONT_METRICS_REGION = 'us-east-1';

export interface EdgeAlarmsStackProps extends StackProps {
  config: StageConfig;
  distributionId: string;
}

/**
 * Alarms on the CloudFront distribution (what every user goes through): its 5xx error rate. It lives in
 * us-east-1 with a topic of its own there (an alarm can notify only a topic of its region).
 */
export class EdgeAlarmsStack extends Stack {
  readonly alarmTopic: Topic;
  readonly cloudFront5xx: Alarm;

  constructor(scope: Construct, id: string, props: EdgeAlarmsStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.alarmTopic = new Topic(this, 'EdgeAlarms', {
      displayName: `Dating app ${config.stage} edge alarms`,
      enforceSSL: true,
    });
    if (config.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(config.alarmEmail));
    acknowledge(
      this.alarmTopic,
      'AwsSolutions-SNS2',
      'Alarm notifications carry metric names and thresholds, no user data; CloudWatch cannot publish to a topic ' +
        'encrypted with the AWS-managed SNS key, and a customer-managed key costs $1/month for nothing to protect.',
    );
    this.cloudFront5xx = new Alarm(this, 'CloudFront5xxRate', {
      alarmName: `dating-${config.stage}-CloudFront5xxRate`,
      alarmDescription: 'More than 5% of CloudFront responses were 5xx for 10 minutes',
      metric: new Metric({
        namespace: 'AWS/CloudFront',
        metricName: '5xxErrorRate',
        dimensionsMap: { DistributionId: props.distributionId, Region: 'Global' },
        period: Duration.minutes(5),
        statistic: 'Average',
      }),
      threshold: 5,
      evaluationPeriods: 2,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.cloudFront5xx.addAlarmAction(new SnsAction(this.alarmTopic));
  }
}
