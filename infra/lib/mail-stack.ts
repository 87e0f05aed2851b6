import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import {
  ConfigurationSet,
  EmailIdentity,
  EmailSendingEvent,
  EventDestination,
  Identity,
} from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { MAIL_FEEDBACK_ENTRY, MAIL_SENDER_ENTRY } from '../../functions/src/runtime/aws/function-groups';
import { BundledFunction } from './bundled-function';
import type { StageConfig } from './config';
import { acknowledge } from './nag';

/** Attempts of one queued message (the function's own attempt included) before it goes to the mail DLQ. */
export const MAIL_MAX_RECEIVES = 5;
const SENDER_TIMEOUT = Duration.seconds(30);

export interface MailSettings {
  /** The domain mail is sent from (`-c mailDomain=mail.example.org`): the SES identity. */
  domain: string;
  /** The From header (`-c mailFrom=...`): an address of `domain`; `Heartwood <no-reply@<domain>>` by default. */
  from: string;
}

export interface MailStackProps extends StackProps {
  config: StageConfig;
  mail: MailSettings;
  table: ITableV2;
  stubCode?: boolean;
}

/**
 * Account mail on SES v2. The API functions enqueue to an SQS queue (MAIL_QUEUE_URL, sqs:SendMessage only:
 * see dating-app.ts); the mail-sending function consumes it and sends with SES through the configuration
 * set, allowed `ses:SendEmail` on this identity and configuration set only. A message that keeps failing
 * goes to the mail dead-letter queue after MAIL_MAX_RECEIVES receives (alarmed by the monitoring stack).
 * The configuration set publishes bounces and complaints to an SNS topic whose function marks the addresses
 * undeliverable on the user items. The domain identity signs with Easy DKIM: its three CNAME records are the
 * stack's outputs, to add at the domain's DNS (infra/README.md, Mail).
 */
export class MailStack extends Stack {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly identity: EmailIdentity;
  readonly configurationSet: ConfigurationSet;
  readonly feedbackTopic: Topic;
  readonly senderFunction: BundledFunction;
  readonly feedbackFunction: BundledFunction;
  readonly feedbackDeadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: MailStackProps) {
    super(scope, id, props);
    const { config, mail, table } = props;

    // A literal name (not the resource's Ref), so the sender's environment and IAM resource read plainly.
    const configurationSetName = `dating-${config.stage}-mail`;
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName,
    });
    this.identity = new EmailIdentity(this, 'Identity', {
      identity: Identity.domain(mail.domain),
      configurationSet: this.configurationSet,
    });
    this.identity.dkimRecords.forEach((record, index) => {
      new CfnOutput(this, `DkimRecord${index + 1}`, {
        description: `DKIM CNAME ${index + 1} of 3 for ${mail.domain}: add "<name> CNAME <value>" at its DNS`,
        value: `${record.name} CNAME ${record.value}`,
      });
    });

    // Bounces and complaints -> SNS -> the feedback function.
    this.feedbackTopic = new Topic(this, 'FeedbackTopic', {
      displayName: `dating ${config.stage}: SES bounces and complaints`,
      enforceSSL: true,
    });
    acknowledge(
      this.feedbackTopic,
      'AwsSolutions-SNS2',
      'SES publishes to an SSE topic only with a customer-managed KMS key (a key per stage for messages that ' +
        'hold recipient addresses the table already has); the topic has one subscriber, the feedback function.',
    );
    this.configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: EventDestination.snsTopic(this.feedbackTopic),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });

    this.feedbackDeadLetterQueue = this.encryptedQueue('FeedbackDlq', Duration.days(14));
    acknowledge(
      this.feedbackDeadLetterQueue,
      'AwsSolutions-SQS3',
      'This queue is itself the dead-letter destination of the feedback function (an alarm fires on the first message).',
    );
    this.feedbackFunction = new BundledFunction(this, 'Fn-mail-feedback', {
      entry: MAIL_FEEDBACK_ENTRY,
      description: `${config.stage}: SES bounces and complaints -> user email deliverability`,
      memoryMb: 256,
      timeout: Duration.seconds(30),
      logRetention: config.logRetentionDays,
      environment: { STAGE: config.stage, TABLE_NAME: table.tableName, LOG_LEVEL: 'info' },
      ...(props.stubCode ? { stubCode: true } : {}),
    });
    this.feedbackFunction.function.configureAsyncInvoke({
      retryAttempts: 2,
      onFailure: new SqsDestination(this.feedbackDeadLetterQueue),
    });
    this.feedbackTopic.addSubscription(new LambdaSubscription(this.feedbackFunction.function));
    // The email claim and the user item: read, then a conditional update (adapters/dynamodb/email-deliverability.ts).
    this.feedbackFunction.role.addToPolicy(
      new PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
        resources: [table.tableArn],
      }),
    );

    // The queue the API functions write and the sender reads.
    this.deadLetterQueue = this.encryptedQueue('MailDlq', Duration.days(14));
    acknowledge(
      this.deadLetterQueue,
      'AwsSolutions-SQS3',
      'This queue is itself the dead-letter queue of the mail queue; messages are inspected and redriven by hand ' +
        '(an alarm fires on the first one).',
    );
    this.queue = new Queue(this, 'MailQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Account mail is worth little after a day (links expire sooner).
      retentionPeriod: Duration.days(1),
      // Lambda's guidance: six times the function timeout, so a batch being retried is not received twice.
      visibilityTimeout: Duration.seconds(SENDER_TIMEOUT.toSeconds() * 6),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAIL_MAX_RECEIVES },
    });

    this.senderFunction = new BundledFunction(this, 'Fn-mail-sender', {
      entry: MAIL_SENDER_ENTRY,
      description: `${config.stage}: mail queue -> SES v2 (configuration set ${configurationSetName})`,
      memoryMb: 256,
      timeout: SENDER_TIMEOUT,
      logRetention: config.logRetentionDays,
      environment: {
        STAGE: config.stage,
        TABLE_NAME: table.tableName,
        MAIL_FROM: mail.from,
        MAIL_CONFIGURATION_SET: configurationSetName,
        LOG_LEVEL: 'info',
      },
      ...(props.stubCode ? { stubCode: true } : {}),
    });
    this.senderFunction.function.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(1),
        reportBatchItemFailures: true,
        // SES's default sending rate in production is 14 mails/s: a few concurrent batches stay under it.
        maxConcurrency: 2,
      }),
    );
    this.senderFunction.function.node.addDependency(this.configurationSet, this.identity);
    // Deliverability of the address and the account's existence (services/mail/deliver-mail.ts): reads only.
    this.senderFunction.role.addToPolicy(
      new PolicyStatement({ actions: ['dynamodb:GetItem'], resources: [table.tableArn] }),
    );
    // SendEmail authorizes against the identity and the configuration set it names: those two only.
    this.senderFunction.role.addToPolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [
          this.formatArn({ service: 'ses', resource: 'identity', resourceName: mail.domain }),
          this.formatArn({
            service: 'ses',
            resource: 'configuration-set',
            resourceName: configurationSetName,
          }),
        ],
      }),
    );

    new CfnOutput(this, 'MailQueueUrl', { value: this.queue.queueUrl, description: 'Account mail queue' });
  }

  private encryptedQueue(id: string, retentionPeriod: Duration): Queue {
    return new Queue(this, id, {
      retentionPeriod,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
  }
}

/** The mail settings of the app's context: none (no mail stack, API functions log mail) without `mailDomain`. */
export function readMailSettings(context: (key: string) => unknown): MailSettings | undefined {
  const domain = context('mailDomain');
  if (domain === undefined || domain === null || domain === '') return undefined;
  if (
    typeof domain !== 'string' ||
    !/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i.test(domain)
  ) {
    throw new Error(
      `context "mailDomain" must be a domain name, e.g. mail.example.org (got "${String(domain)}")`,
    );
  }
  const from = context('mailFrom');
  if (
    from !== undefined &&
    (typeof from !== 'string' || !new RegExp(`@${domain.replace(/\./g, '\\.')}>?$`, 'i').test(from.trim()))
  ) {
    throw new Error(
      `context "mailFrom" must be an address of ${domain}, e.g. "Heartwood <no-reply@${domain}>"`,
    );
  }
  return {
    domain: domain.toLowerCase(),
    from: typeof from === 'string' ? from.trim() : `Heartwood <no-reply@${domain.toLowerCase()}>`,
  };
}
