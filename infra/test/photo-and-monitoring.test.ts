import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { resourcesOf, synthesizeApp } from './support/synth';

describe('photo stack', () => {
  const synthesized = synthesizeApp();
  const photo = synthesized.stacks.photo;

  it('exists because the photo function’s entry exists', () => {
    expect(photo).toBeDefined();
  });

  it('invokes the photo function for objects created under uploads/', () => {
    if (!photo) return;
    const template = synthesized.template(photo);
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: 'dating-test-photos-123456789012-eu-west-1',
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [
          Match.objectLike({
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'uploads/' }] } },
          }),
        ],
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      MemorySize: 2048,
      Environment: {
        Variables: Match.objectLike({ PHOTOS_BUCKET: 'dating-test-photos-123456789012-eu-west-1' }),
      },
    });
  });

  it('retries twice, then sends the event to an encrypted dead-letter queue', () => {
    if (!photo) return;
    const template = synthesized.template(photo);
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
  });

  it('reads and deletes uploads, writes renditions, and nothing else of the bucket', () => {
    if (!photo) return;
    const statements = resourcesOf(synthesized.template(photo), 'AWS::IAM::Policy')
      .flatMap(
        ([, policy]) =>
          (policy.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] })
            .Statement,
      )
      .filter((statement) => [statement.Action].flat().some((action) => action.startsWith('s3:')));
    const own = statements.filter((statement) => JSON.stringify(statement.Resource).includes('-photos-'));
    expect(
      own.map((statement) => [[statement.Action].flat().sort(), JSON.stringify(statement.Resource)]),
    ).toEqual(
      expect.arrayContaining([
        [['s3:DeleteObject', 's3:GetObject'], expect.stringContaining('/uploads/*')],
        [['s3:DeleteObject', 's3:PutObject'], expect.stringContaining('/media/*')],
      ]),
    );
  });
});

describe('monitoring stack', () => {
  const synthesized = synthesizeApp({ context: { alarmEmail: 'ops@example.test' } });
  const monitoring = synthesized.template(synthesized.stacks.monitoring);
  const alarms = resourcesOf(monitoring, 'AWS::CloudWatch::Alarm').map(([, alarm]) =>
    String(alarm.AlarmName),
  );

  it('alarms on API 5xx, Lambda errors and throttles, DynamoDB errors and throttles, dead letters', () => {
    const stage = 'dating-test-';
    expect(alarms).toEqual(
      expect.arrayContaining([
        `${stage}Api5xx`,
        `${stage}WebSocketIntegrationErrors`,
        `${stage}Fn-auth-Errors`,
        `${stage}Fn-auth-Throttles`,
        `${stage}Fn-photo-Errors`,
        `${stage}TableSystemErrors`,
        `${stage}TableThrottles`,
        `${stage}PhotoEvents-DeadLetters`,
      ]),
    );
    monitoring.allResourcesProperties('AWS::CloudWatch::Alarm', { AlarmActions: [Match.anyValue()] });
  });

  it('mails the alarms to the operator and has a dashboard', () => {
    monitoring.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.test',
    });
    monitoring.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });
});
