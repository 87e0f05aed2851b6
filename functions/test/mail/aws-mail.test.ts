import type { SNSEvent, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsRequester } from '../../src/adapters/aws/signed-request';
import { createJsonLogger } from '../../src/adapters/log/json-logger';
import { createSesTransport } from '../../src/adapters/mail/ses-transport';
import { createSqsOutbox } from '../../src/adapters/mail/sqs-outbox';
import { openPostgresStore } from '../../src/adapters/postgres';
import { newId } from '../../src/domain/ids';
import { createMailFeedbackHandler } from '../../src/handlers/events/mail-feedback';
import { createSendMailHandler } from '../../src/handlers/events/send-mail';
import {
  type MailMessage,
  type MailTransport,
  parseQueuedMail,
  queuedMailBody,
} from '../../src/ports/mailer';
import type { Store } from '../../src/ports/repositories';
import { aUser } from '../contract/fixtures';
import { dynamoDbLocalSkipReason } from '../support/dynamodb-local';
import { openDynamoDbTestStore } from '../support/dynamodb-store';
import { startSesLocal } from '../support/ses-local';
import {
  type Answer,
  checkSigV4,
  type RecordedRequest,
  startRecordingEndpoint,
} from '../support/sigv4-check';

const FROM = 'Dating app <no-reply@mail.dating.example>';
const credentials = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' };

const aMessage = (userId: string, to: string, overrides: Partial<MailMessage> = {}): MailMessage => ({
  id: newId(),
  userId,
  kind: 'password-reset',
  to,
  subject: 'Reset your password',
  text: 'Choose a new password:\nhttps://dating.example/reset#token=t0k3n\n',
  html: '<p><a href="https://dating.example/reset#token=t0k3n">Choose a new password</a></p>',
  ...overrides,
});

const sqsEvent = (...bodies: string[]): SQSEvent => ({
  Records: bodies.map((body, index) => ({
    messageId: `sqs-${index}`,
    receiptHandle: `rh-${index}`,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '0',
      SenderId: 'AIDA',
      ApproximateFirstReceiveTimestamp: '0',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:mail',
    awsRegion: 'us-east-1',
  })),
});

/** What SNS delivers for an SES configuration-set event (the event JSON is the SNS message). */
const snsEvent = (...sesEvents: object[]): SNSEvent => ({
  Records: sesEvents.map((event, index) => ({
    EventSource: 'aws:sns',
    EventVersion: '1.0',
    EventSubscriptionArn: 'arn:aws:sns:us-east-1:123456789012:mail-feedback:sub',
    Sns: {
      Type: 'Notification',
      MessageId: `sns-${index}`,
      TopicArn: 'arn:aws:sns:us-east-1:123456789012:mail-feedback',
      Subject: '',
      Message: JSON.stringify(event),
      Timestamp: '2026-06-01T00:00:00.000Z',
      SignatureVersion: '1',
      Signature: '',
      SigningCertUrl: '',
      UnsubscribeUrl: '',
      MessageAttributes: {},
    },
  })),
});

const bounce = (address: string, bounceType = 'Permanent') => ({
  eventType: 'Bounce',
  bounce: {
    bounceType,
    bounceSubType: 'General',
    bouncedRecipients: [{ emailAddress: address, action: 'failed', status: '5.1.1' }],
    timestamp: '2026-06-01T00:00:00.000Z',
    feedbackId: 'f-1',
  },
  mail: { messageId: 'ses-1', destination: [address] },
});

const complaint = (address: string) => ({
  eventType: 'Complaint',
  complaint: {
    complainedRecipients: [{ emailAddress: address }],
    complaintFeedbackType: 'abuse',
    timestamp: '2026-06-01T00:00:00.000Z',
    feedbackId: 'f-2',
  },
  mail: { messageId: 'ses-2', destination: [address] },
});

describe('SES v2 transport against aws-ses-v2-local', () => {
  let ses: Awaited<ReturnType<typeof startSesLocal>>;
  beforeAll(async () => {
    ses = await startSesLocal();
  });
  afterAll(async () => {
    await ses?.close();
  });

  it('sends text and HTML from the identity address through SendEmail', async () => {
    const transport = createSesTransport({
      from: FROM,
      configurationSet: 'dating-dev-mail',
      clientConfig: { endpoint: ses.endpoint, region: 'us-east-1', credentials },
    });
    const message = aMessage(newId(), 'ada@example.test');
    await transport.send(message);
    await transport.close?.();
    const sent = (await ses.emails()).find((email) => email.destination.to.includes('ada@example.test'));
    expect(sent).toMatchObject({
      from: FROM,
      subject: 'Reset your password',
      body: { text: message.text, html: message.html },
    });
    expect(sent?.headers).toContainEqual({ name: 'Auto-Submitted', value: 'auto-generated' });
  });
});

describe('SQS outbox (API functions)', () => {
  it('sends one signed SendMessage whose body the mail function reads back, and never throws', async () => {
    let status = 200;
    const endpoint = await startRecordingEndpoint(
      (): ReturnType<Answer> =>
        status === 200
          ? {
              status: 200,
              headers: { 'content-type': 'application/x-amz-json-1.0' },
              body: '{"MessageId":"m-1"}',
            }
          : {
              status,
              headers: { 'x-amzn-errortype': 'AWS.SimpleQueueService.NonExistentQueue' },
              body: '{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"The specified queue does not exist."}',
            },
    );
    const lines: string[] = [];
    const queueUrl = 'https://sqs.us-east-1.amazonaws.com/123456789012/dating-dev-mail';
    const outbox = createSqsOutbox({
      queueUrl,
      request: createAwsRequester({ region: 'us-east-1', credentials, maxAttempts: 1 }),
      log: createJsonLogger({ write: (line) => lines.push(line) }),
      env: { AWS_ENDPOINT_URL_SQS: endpoint.url },
    });
    try {
      const message = aMessage(newId(), 'ada@example.test');
      await outbox.enqueue(message);
      const [request] = endpoint.requests;
      expect(request?.headers['x-amz-target']).toBe('AmazonSQS.SendMessage');
      expect(request?.headers['content-type']).toBe('application/x-amz-json-1.0');
      expect(checkSigV4(endpoint.requests[0] as RecordedRequest, credentials.secretAccessKey)).toMatchObject({
        valid: true,
        service: 'sqs',
        region: 'us-east-1',
      });
      const body = JSON.parse(request?.body.toString('utf8') ?? '{}') as {
        QueueUrl: string;
        MessageBody: string;
      };
      expect(body.QueueUrl).toBe(queueUrl);
      expect(parseQueuedMail(body.MessageBody)).toEqual(message);

      status = 400;
      await expect(outbox.enqueue(aMessage(newId(), 'bob@example.test'))).resolves.toBeUndefined();
      const failure = lines.map((line) => JSON.parse(line) as Record<string, unknown>).at(-1);
      expect(failure).toMatchObject({ msg: 'mail not queued', to: 'b***@example.test' });
      expect(String(failure?.error)).toContain('NonExistentQueue');
      expect(lines.join('\n')).not.toContain('t0k3n');
    } finally {
      await endpoint.close();
    }
  });

  it('refuses queue bodies that are not mail messages', () => {
    expect(parseQueuedMail('not json')).toBeNull();
    expect(parseQueuedMail(JSON.stringify({ id: 'x', to: 'a@b' }))).toBeNull();
  });
});

const dynamoUnavailable = dynamoDbLocalSkipReason();

const stores: { name: string; open: () => Promise<{ store: Store; dispose: () => Promise<void> }> }[] = [
  {
    name: 'PostgreSQL (PGlite)',
    open: async () => {
      const { store } = await openPostgresStore();
      return { store, dispose: () => store.close() };
    },
  },
  ...(dynamoUnavailable === null
    ? [{ name: 'DynamoDB Local', open: async () => openDynamoDbTestStore() }]
    : []),
];
if (dynamoUnavailable !== null) console.warn(`Skipping the DynamoDB mail handlers: ${dynamoUnavailable}`);

describe.each(stores)('mail functions on $name', ({ open }) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let ses: Awaited<ReturnType<typeof startSesLocal>>;
  let lines: string[] = [];
  const log = createJsonLogger({ level: 'debug', write: (line) => lines.push(line) });
  const clock = { now: () => new Date('2026-06-01T00:00:00Z') };

  beforeAll(async () => {
    ({ store, dispose } = await open());
    ses = await startSesLocal();
    // DynamoDB Local is a JVM: its start takes most of a minute on a busy machine.
  }, 120_000);
  afterAll(async () => {
    await ses?.close();
    await dispose?.();
  });

  const newUser = async () => {
    const user = aUser();
    await store.users.create(user);
    return user;
  };
  const sesTransport = (endpoint = ses.endpoint): MailTransport =>
    createSesTransport({
      from: FROM,
      configurationSet: 'dating-dev-mail',
      clientConfig: { endpoint, region: 'us-east-1', credentials, maxAttempts: 1 },
    });
  const sentTo = async (address: string) =>
    (await ses.emails()).filter((email) => email.destination.to.includes(address));

  it('the bounce function marks a permanently bounced address; read back with the user', async () => {
    lines = [];
    const user = await newUser();
    const other = await newUser();
    const handler = createMailFeedbackHandler(async () => ({ store, clock, log }));
    await handler(snsEvent(bounce(`"Ada" <${user.email.toUpperCase()}>`), bounce(other.email, 'Transient')));
    expect((await store.users.findById(user.id))?.emailDeliverability).toBe('bounced');
    // A transient bounce (mailbox full) says nothing lasting.
    expect((await store.users.findById(other.id))?.emailDeliverability).toBeUndefined();
    expect(lines.join('\n')).not.toContain(user.email);
  });

  it('the bounce function records complaints, ignores other events and unknown addresses', async () => {
    const user = await newUser();
    const handler = createMailFeedbackHandler(async () => ({ store, clock, log }));
    await handler(
      snsEvent(
        complaint(user.email),
        { eventType: 'Delivery', mail: { messageId: 'x' } },
        bounce(`nobody-${newId().toLowerCase()}@example.test`),
      ),
    );
    expect((await store.users.findById(user.id))?.emailDeliverability).toBe('complained');
  });

  it('the mail-sending function sends queued mail with SES and refuses undeliverable addresses', async () => {
    lines = [];
    const ok = await newUser();
    const bounced = await newUser();
    await store.emailDeliverability.markByEmail(bounced.email, 'bounced', clock.now().toISOString());
    const handler = createSendMailHandler(async () => ({ store, clock, log, transport: sesTransport() }));
    const result = await handler(
      sqsEvent(
        queuedMailBody(aMessage(ok.id, ok.email)),
        queuedMailBody(aMessage(bounced.id, bounced.email)),
        'garbage',
      ),
    );
    expect(result).toEqual({ batchItemFailures: [] });
    expect(await sentTo(ok.email)).toHaveLength(1);
    expect(await sentTo(bounced.email)).toHaveLength(0);
    const refused = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(
      refused.find((line) => line.msg === 'mail not sent: the address is not deliverable'),
    ).toMatchObject({
      userId: bounced.id,
      deliverability: 'bounced',
    });
    expect(
      refused.find((line) => line.msg === 'dropped a queue record that is not a mail message'),
    ).toBeDefined();
  });

  it('reports only the failed records for SQS to redeliver when SES cannot be reached', async () => {
    const user = await newUser();
    const handler = createSendMailHandler(async () => ({
      store,
      clock,
      log,
      transport: sesTransport('http://127.0.0.1:9'),
    }));
    const result = await handler(sqsEvent(queuedMailBody(aMessage(user.id, user.email))));
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'sqs-0' }] });
  });
});
