import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { readMailSettings } from '../lib/mail-stack';
import { resourcesOf, synthesizeApp, TEST_ACCOUNT, TEST_REGION } from './support/synth';

type Statement = { Effect: string; Action: string | string[]; Resource: unknown };
const statementsOf = (policies: [string, Record<string, unknown>][]): Statement[] =>
  policies.flatMap(([, policy]) => (policy.PolicyDocument as { Statement: Statement[] }).Statement);

describe('mail stack (-c mailDomain=...)', () => {
  const synthesized = synthesizeApp({ context: { mailDomain: 'mail.dating.example' } });
  const { mail, api } = synthesized.stacks;
  const template = () => {
    if (!mail) throw new Error('no mail stack');
    return synthesized.template(mail);
  };

  it('is created only with a mail domain', () => {
    expect(mail).toBeDefined();
    expect(synthesizeApp().stacks.mail).toBeUndefined();
  });

  it('creates the SES domain identity with Easy DKIM in the configuration set, and outputs its DKIM records', () => {
    template().hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'mail.dating.example',
      ConfigurationSetAttributes: { ConfigurationSetName: Match.anyValue() },
    });
    template().hasResourceProperties('AWS::SES::ConfigurationSet', { Name: 'dating-test-mail' });
    const outputs = Object.entries(template().toJSON().Outputs as Record<string, { Value: unknown }>);
    const dkim = outputs.filter(([id]) => id.startsWith('DkimRecord'));
    expect(dkim).toHaveLength(3);
    for (const [, output] of dkim) {
      expect(JSON.stringify(output.Value)).toMatch(/DkimDNSTokenName\d/);
      expect(JSON.stringify(output.Value)).toMatch(/DkimDNSTokenValue\d/);
    }
  });

  it('publishes bounces and complaints to SNS, which invokes the feedback function', () => {
    template().hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      ConfigurationSetName: Match.anyValue(),
      EventDestination: Match.objectLike({
        Enabled: true,
        MatchingEventTypes: Match.arrayEquals(['bounce', 'complaint']),
        SnsDestination: { TopicARN: Match.anyValue() },
      }),
    });
    template().hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      TopicArn: Match.anyValue(),
      Endpoint: Match.anyValue(),
    });
    template().hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('bounces and complaints'),
      Environment: { Variables: Match.objectLike({ TABLE_NAME: Match.anyValue() }) },
    });
    // SES may publish to the topic (the destination's topic policy).
    const topicPolicies = JSON.stringify(resourcesOf(template(), 'AWS::SNS::TopicPolicy'));
    expect(topicPolicies).toContain('ses.amazonaws.com');
  });

  it('queues mail in an encrypted SQS queue with a dead-letter queue, consumed by the sender in batches', () => {
    template().hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      VisibilityTimeout: 180,
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 5 },
    });
    template().hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    template().hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          MAIL_FROM: 'Heartwood <no-reply@mail.dating.example>',
          MAIL_CONFIGURATION_SET: 'dating-test-mail',
        }),
      },
    });
  });

  it('lets the sender call ses:SendEmail on that identity and configuration set only', () => {
    const ses = statementsOf(resourcesOf(template(), 'AWS::IAM::Policy')).filter((statement) =>
      [statement.Action].flat().some((action) => action.startsWith('ses:')),
    );
    expect(ses).toHaveLength(1);
    expect([ses[0]?.Action].flat()).toEqual(['ses:SendEmail']);
    const resources = JSON.stringify(ses[0]?.Resource);
    expect(resources).toContain(`:ses:${TEST_REGION}:${TEST_ACCOUNT}:identity/mail.dating.example`);
    expect(resources).toContain(`:ses:${TEST_REGION}:${TEST_ACCOUNT}:configuration-set/dating-test-mail`);
    expect(resources).not.toContain('*');
  });

  it('gives the mail functions only the item reads and writes they make on the table', () => {
    const dynamo = statementsOf(resourcesOf(template(), 'AWS::IAM::Policy')).filter((statement) =>
      [statement.Action].flat().some((action) => action.startsWith('dynamodb:')),
    );
    expect(dynamo.map((statement) => [statement.Action].flat().sort())).toEqual(
      expect.arrayContaining([['dynamodb:GetItem'], ['dynamodb:GetItem', 'dynamodb:UpdateItem']]),
    );
    expect(dynamo.flatMap((statement) => [statement.Action].flat())).not.toContain('dynamodb:Scan');
  });

  it('gives every API function the queue URL and sqs:SendMessage on that queue, and no SES access', () => {
    const apiTemplate = synthesized.template(api);
    const functions = resourcesOf(apiTemplate, 'AWS::Lambda::Function').filter(([, fn]) =>
      JSON.stringify(fn.Environment).includes('TABLE_NAME'),
    );
    const withQueue = functions.filter(([, fn]) => JSON.stringify(fn.Environment).includes('MAIL_QUEUE_URL'));
    expect(withQueue.length).toBe(api.httpFunctions.size);
    const statements = statementsOf(resourcesOf(apiTemplate, 'AWS::IAM::Policy'));
    const sqs = statements.filter((statement) =>
      [statement.Action].flat().some((action) => action.startsWith('sqs:')),
    );
    expect(sqs.length).toBe(api.httpFunctions.size);
    for (const statement of sqs) {
      expect([statement.Action].flat()).toContain('sqs:SendMessage');
      expect([statement.Action].flat().some((action) => action.startsWith('sqs:Receive'))).toBe(false);
    }
    expect(JSON.stringify(statements)).not.toContain('ses:');
  });

  it('passes cdk-nag with every finding fixed or acknowledged', () => {
    const { app } = synthesizeApp({ nag: true, context: { mailDomain: 'mail.dating.example' } });
    expect(() => app.synth()).not.toThrow();
  });
});

describe('mail settings from context', () => {
  const context = (values: Record<string, string>) => (key: string) => values[key];
  it('defaults the sender to no-reply at the domain and checks both', () => {
    expect(readMailSettings(context({}))).toBeUndefined();
    expect(readMailSettings(context({ mailDomain: 'Mail.Example.org' }))).toEqual({
      domain: 'mail.example.org',
      from: 'Heartwood <no-reply@mail.example.org>',
    });
    expect(() => readMailSettings(context({ mailDomain: 'not a domain' }))).toThrow(/mailDomain/);
    expect(() =>
      readMailSettings(context({ mailDomain: 'mail.example.org', mailFrom: 'x@other.example' })),
    ).toThrow(/mailFrom/);
  });
});
