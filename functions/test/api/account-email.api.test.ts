import { createHash, randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/adapters/postgres';
import type { MailMessage } from '../../src/ports/mailer';
import { PASSWORD_RESET_ANSWER_MS } from '../../src/services/account/password-reset';
import { startLambdaApi } from '../lambda/lambda-harness';
import { ApiSession, aProfileInput, uniqueEmail } from '../support/api-session';
import { dynamoDbLocalUnavailableReason } from '../support/dynamodb-local';
import { startTestServer, type TestServer } from '../support/lab-server';
import { matchingApi } from '../support/matching-api';
import { nextTown, northOf } from '../support/matching-fixtures';
import { createRecordingOutbox } from '../support/recording-outbox';
import { connectRealtime } from '../support/ws-client';
import { labDynamoDbS3World } from './lab-dynamodb-s3-target';

type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

const ORIGIN = 'https://heartwood.test';
const PASSWORD = 'correct horse battery staple';
/** What Helm and CDK default to, with links on a known origin. */
const REQUIRED = { EMAIL_VERIFICATION: 'required', PUBLIC_ORIGIN: ORIGIN };

interface RunningWorld {
  url: string;
  fetch: FetchLike;
  /** Mail the API queued so far, oldest first. */
  mail: () => MailMessage[];
  /** The lab server (WebSockets), when the world is one. */
  server?: TestServer;
  close(): Promise<void>;
}

interface EmailWorld {
  name: string;
  start(): Promise<RunningWorld>;
}

const labWorld = (
  name: string,
  open: (mail: ReturnType<typeof createRecordingOutbox>) => Promise<TestServer>,
) => ({
  name,
  async start(): Promise<RunningWorld> {
    const mail = createRecordingOutbox();
    const server = await open(mail);
    return { url: server.url, fetch, mail: () => mail.queued, server, close: () => server.close() };
  },
});

const databaseUrl = process.env.DATABASE_URL;
const dynamoDbLocalRuns = dynamoDbLocalUnavailableReason() === null;

const worlds: EmailWorld[] = [
  labWorld('lab runtime, PGlite', (mail) => startTestServer({ mail, env: REQUIRED })),
  ...(databaseUrl
    ? [
        labWorld('lab runtime, PostgreSQL server', async (mail) => {
          const { store } = await openPostgresStore({
            databaseUrl,
            schema: `email_${randomBytes(6).toString('hex')}`,
          });
          return startTestServer({ mail, store, env: REQUIRED });
        }),
      ]
    : []),
  ...(dynamoDbLocalRuns
    ? [
        labWorld(labDynamoDbS3World.name, (mail) => labDynamoDbS3World.start({ mail, env: REQUIRED })),
        {
          name: 'Lambda mode, DynamoDB Local',
          async start(): Promise<RunningWorld> {
            const api = await startLambdaApi({ env: REQUIRED });
            return { url: api.url, fetch: api.fetch, mail: () => api.sentMail, close: () => api.close() };
          },
        },
      ]
    : []),
];

const tokenOf = (link: string) => new URL(link).searchParams.get('token') ?? '';

describe.each(worlds)('email verification, password reset, email change ($name)', (world) => {
  let running: RunningWorld;
  const session = () => new ApiSession(running.url, running.fetch);

  beforeAll(async () => {
    running = await world.start();
  }, 120_000);
  afterAll(async () => {
    await running?.close();
  });

  /** The newest mail of `kind` to `to`, and the link it carries (in the text and, the same, in the HTML). */
  function lastMail(kind: string, to: string) {
    const mail = running
      .mail()
      .filter((message) => message.kind === kind && message.to === to)
      .at(-1);
    if (!mail)
      throw new Error(`no ${kind} mail to ${to}; queued: ${running.mail().map((m) => `${m.kind}:${m.to}`)}`);
    const link = mail.text.match(/https?:\/\/\S+/)?.[0] ?? '';
    return { mail, link };
  }

  const registered = async (email = uniqueEmail('verify')) => {
    const user = session();
    const response = await user.register(email, PASSWORD);
    expect(response.status, response.text).toBe(201);
    return { user, email };
  };

  const verifyWithLink = async (email: string) => {
    const { link } = lastMail('email-verification', email);
    const answer = await session().call('POST', '/api/auth/verify-email', { body: { token: tokenOf(link) } });
    expect(answer.status, answer.text).toBe(200);
  };

  it('mails a verification link at registration; until it is followed discovery, likes and messages answer 403', async () => {
    const { user, email } = await registered();
    const me = await user.call('GET', '/api/me');
    expect(me.body).toMatchObject({
      email,
      emailVerified: false,
      pendingEmail: null,
      emailVerificationRequired: true,
    });

    const { mail, link } = lastMail('email-verification', email);
    expect(link).toMatch(new RegExp(`^${ORIGIN}/verify-email\\?token=[A-Za-z0-9_-]{43}$`));
    expect(mail.html).toContain(link);
    expect(mail.text).toContain('Heartwood');

    // The profile stays editable; reaching others does not.
    const profile = await user.call('PUT', '/api/profile', { body: aProfileInput() });
    expect(profile.status, profile.text).toBe(201);
    for (const [method, path, body] of [
      ['GET', '/api/discover', undefined],
      ['POST', '/api/swipes', { targetUserId: '01J00000000000000000000000', decision: 'like' }],
      [
        'POST',
        '/api/conversations/01J00000000000000000000000/messages',
        { clientMessageId: 'c-1', text: 'hi' },
      ],
    ] as const) {
      const refused = await user.call(method, path, { body });
      expect(refused.status, `${method} ${path}`).toBe(403);
      expect(refused.body).toMatchObject({ error: { code: 'email_unverified' } });
    }

    const verified = await session().call('POST', '/api/auth/verify-email', {
      body: { token: tokenOf(link) },
    });
    expect(verified.status, verified.text).toBe(200);
    expect(verified.body).toEqual({ email, emailVerified: true });
    expect((await user.call('GET', '/api/me')).body).toMatchObject({ emailVerified: true });
    expect((await user.call('GET', '/api/discover')).status).toBe(200);
    // Past the gate: the unknown conversation is the answer now.
    const message = await user.call('POST', '/api/conversations/01J00000000000000000000000/messages', {
      body: { clientMessageId: 'c-2', text: 'hi' },
    });
    expect(message.status).toBe(404);

    // Single use; a made-up token is refused the same way; resending once verified is a conflict.
    for (const token of [tokenOf(link), 'not-a-token', randomBytes(32).toString('base64url')]) {
      const again = await session().call('POST', '/api/auth/verify-email', { body: { token } });
      expect(again.status).toBe(400);
      expect(again.body).toMatchObject({ error: { code: 'invalid_token' } });
    }
    const resend = await user.call('POST', '/api/me/email-verification');
    expect(resend.status).toBe(409);
    expect(resend.body).toMatchObject({ error: { code: 'already_verified' } });
  });

  it('resends a fresh link; the older one stops working', async () => {
    const { user, email } = await registered();
    const first = lastMail('email-verification', email).link;
    const resend = await user.call('POST', '/api/me/email-verification');
    expect(resend.status, resend.text).toBe(202);
    expect(resend.text).toBe('');
    const second = lastMail('email-verification', email).link;
    expect(second).not.toBe(first);
    const old = await session().call('POST', '/api/auth/verify-email', { body: { token: tokenOf(first) } });
    expect(old.body).toMatchObject({ error: { code: 'invalid_token' } });
    const fresh = await session().call('POST', '/api/auth/verify-email', {
      body: { token: tokenOf(second) },
    });
    expect(fresh.status).toBe(200);
  });

  it('keeps unverified accounts out of other people’s discovery until they confirm', async () => {
    const matching = matchingApi(running.url, running.fetch);
    const town = nextTown();
    const viewer = await matching.person({ gender: 'woman', interestedIn: ['man'], location: town });
    const candidate = await matching.person({
      gender: 'man',
      interestedIn: ['woman'],
      location: northOf(town, 1),
    });
    const emailOf = async (user: ApiSession) => String((await user.call('GET', '/api/me')).body.email);
    await verifyWithLink(await emailOf(viewer));

    const shown = async () => (await matching.discover(viewer)).map((item) => item.userId);
    expect(await shown()).not.toContain(candidate.userId);
    await verifyWithLink(await emailOf(candidate));
    expect(await shown()).toContain(candidate.userId);
  });

  it('answers a reset request alike for known and unknown addresses, and resets with the mailed link', async () => {
    const { user, email } = await registered();
    const unknown = uniqueEmail('nobody');
    const known = await session().call('POST', '/api/auth/password-reset', { body: { email } });
    const other = await session().call('POST', '/api/auth/password-reset', { body: { email: unknown } });
    expect([known.status, other.status]).toEqual([202, 202]);
    expect([known.text, other.text]).toEqual(['', '']);
    expect(running.mail().some((message) => message.to === unknown)).toBe(false);

    const { link } = lastMail('password-reset', email);
    expect(link).toMatch(new RegExp(`^${ORIGIN}/reset-password\\?token=[A-Za-z0-9_-]{43}$`));
    const token = tokenOf(link);

    // The policy of registration: refused, and the link still works afterwards.
    const weak = await session().call('POST', '/api/auth/password-reset/confirm', {
      body: { token, newPassword: 'password' },
    });
    expect(weak.status).toBe(400);
    expect(weak.body).toMatchObject({ error: { code: 'validation_failed' } });

    const newPassword = 'a brand new passphrase';
    const confirmed = await session().call('POST', '/api/auth/password-reset/confirm', {
      body: { token, newPassword },
    });
    expect(confirmed.status, confirmed.text).toBe(204);
    const reused = await session().call('POST', '/api/auth/password-reset/confirm', {
      body: { token, newPassword: 'yet another passphrase' },
    });
    expect(reused.status).toBe(400);
    expect(reused.body).toMatchObject({ error: { code: 'invalid_token' } });

    // Every session ended: the old refresh cookie is dead; the new password logs in, the old one does not.
    expect((await user.call('POST', '/api/auth/refresh')).status).toBe(401);
    expect(
      (await session().call('POST', '/api/auth/login', { body: { email, password: PASSWORD } })).status,
    ).toBe(401);
    expect(
      (await session().call('POST', '/api/auth/login', { body: { email, password: newPassword } })).status,
    ).toBe(200);
    expect(lastMail('password-changed', email).mail.text).toContain('password');
  });

  it('takes the same time for known and unknown addresses (under 20% apart)', async () => {
    const { email } = await registered();
    const timed = async (address: string) => {
      const started = performance.now();
      const answer = await session().call('POST', '/api/auth/password-reset', { body: { email: address } });
      const elapsed = performance.now() - started;
      expect([answer.status, answer.text]).toEqual([202, '']);
      return elapsed;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let round = 0; round < 5; round += 1) {
      known.push(await timed(email));
      unknown.push(await timed(uniqueEmail('nobody')));
    }
    const median = (values: number[]) =>
      [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
    const [a, b] = [median(known), median(unknown)];
    expect(Math.min(a, b)).toBeGreaterThanOrEqual(PASSWORD_RESET_ANSWER_MS - 5);
    expect(Math.abs(a - b) / Math.max(a, b), `known ${a} ms, unknown ${b} ms`).toBeLessThan(0.2);
  });

  it('changes the address after re-authentication, once the new address confirms', async () => {
    const { user, email } = await registered();
    const newEmail = uniqueEmail('moved');
    const wrong = await user.call('PUT', '/api/me/email', {
      body: { newEmail, password: 'not my password' },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ error: { code: 'invalid_credentials' } });

    const asked = await user.call('PUT', '/api/me/email', { body: { newEmail, password: PASSWORD } });
    expect(asked.status, asked.text).toBe(202);
    expect(asked.body).toEqual({ pendingEmail: newEmail });
    expect((await user.call('GET', '/api/me')).body).toMatchObject({ email, pendingEmail: newEmail });
    expect(lastMail('email-change-notice', email).mail.text).not.toContain('token=');

    const { link } = lastMail('email-change', newEmail);
    expect(link).toMatch(new RegExp(`^${ORIGIN}/verify-email\\?token=`));
    const confirmed = await session().call('POST', '/api/auth/verify-email', {
      body: { token: tokenOf(link) },
    });
    expect(confirmed.status, confirmed.text).toBe(200);
    expect(confirmed.body).toEqual({ email: newEmail, emailVerified: true });
    expect((await user.call('GET', '/api/me')).body).toMatchObject({
      email: newEmail,
      pendingEmail: null,
      emailVerified: true,
      emailDeliverability: 'ok',
    });
    expect(
      (await session().call('POST', '/api/auth/login', { body: { email: newEmail, password: PASSWORD } }))
        .status,
    ).toBe(200);
    expect(
      (await session().call('POST', '/api/auth/login', { body: { email, password: PASSWORD } })).status,
    ).toBe(401);
  });

  it('answers an address that has an account like any other, and mails that account a notice instead of a link', async () => {
    const { user } = await registered();
    const { email: taken } = await registered();
    const asked = await user.call('PUT', '/api/me/email', { body: { newEmail: taken, password: PASSWORD } });
    expect(asked.status).toBe(202);
    expect(asked.body).toEqual({ pendingEmail: taken });
    expect(lastMail('email-in-use', taken).mail.text).not.toContain('token=');
    expect(running.mail().some((message) => message.kind === 'email-change' && message.to === taken)).toBe(
      false,
    );
  });

  it('lets only the first of two accounts confirming the same new address have it', async () => {
    const [{ user: first }, { user: second }] = [await registered(), await registered()];
    const wanted = uniqueEmail('wanted');
    for (const user of [first, second]) {
      expect(
        (await user.call('PUT', '/api/me/email', { body: { newEmail: wanted, password: PASSWORD } })).status,
      ).toBe(202);
    }
    const links = running
      .mail()
      .filter((message) => message.kind === 'email-change' && message.to === wanted)
      .map((message) => tokenOf(message.text.match(/https?:\/\/\S+/)?.[0] ?? ''));
    expect(links).toHaveLength(2);
    const answers = await Promise.all(
      links.map((token) => session().call('POST', '/api/auth/verify-email', { body: { token } })),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    expect(answers.find((answer) => answer.status === 409)?.body).toMatchObject({
      error: { code: 'email_taken' },
    });
  });

  it('exports pending links (purpose and times, never the token or its hash)', async () => {
    const { user, email } = await registered();
    await session().call('POST', '/api/auth/password-reset', { body: { email } });
    const token = tokenOf(lastMail('password-reset', email).link);
    const exported = await user.call<{
      pendingTokens: Array<Record<string, unknown>>;
      account: Record<string, unknown>;
    }>('GET', '/api/me/export');
    expect(exported.status).toBe(200);
    expect(exported.body.pendingTokens.map((pending) => pending.purpose).sort()).toEqual([
      'email_verification',
      'password_reset',
    ]);
    expect(exported.body.account).toMatchObject({ emailVerifiedAt: null, pendingEmail: null });
    expect(exported.text).not.toContain(token);
    expect(exported.text).not.toContain(createHash('sha256').update(token).digest('hex'));
  });

  it.runIf(world.name.startsWith('lab'))(
    'refuses a WebSocket sendMessage from an unverified account',
    async () => {
      const { user, email } = await registered();
      const socket = await connectRealtime(running.url, user);
      try {
        socket.send({
          action: 'sendMessage',
          conversationId: '01J00000000000000000000000',
          clientMessageId: 'w-1',
          text: 'hi',
        });
        expect(await socket.next('error')).toMatchObject({
          code: 'email_unverified',
          clientMessageId: 'w-1',
        });
        await verifyWithLink(email);
        socket.send({
          action: 'sendMessage',
          conversationId: '01J00000000000000000000000',
          clientMessageId: 'w-2',
          text: 'hi',
        });
        expect(await socket.next('error')).toMatchObject({ code: 'not_found', clientMessageId: 'w-2' });
      } finally {
        await socket.close();
      }
    },
  );
});

describe('email flows: rate limits (lab runtime, PGlite)', () => {
  let server: TestServer;
  const mail = createRecordingOutbox();
  beforeAll(async () => {
    server = await startTestServer({
      mail,
      env: {
        ...REQUIRED,
        RATE_LIMITS: JSON.stringify({
          passwordResetsPerEmail: { limit: 2, windowSeconds: 3600 },
          passwordResetsPerIp: { limit: 4, windowSeconds: 3600 },
          verificationMailsPerUser: { limit: 1, windowSeconds: 3600 },
          registerPerIp: { limit: 100, windowSeconds: 3600 },
        }),
      },
    });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it('limits reset requests per address and per network, and resends per account', async () => {
    const reset = (email: string) =>
      new ApiSession(server.url).call('POST', '/api/auth/password-reset', { body: { email } });
    const address = uniqueEmail('limited');
    expect((await reset(address)).status).toBe(202);
    expect((await reset(address)).status).toBe(202);
    const perEmail = await reset(address);
    expect(perEmail.status).toBe(429);
    expect(perEmail.body).toMatchObject({ error: { code: 'rate_limited' } });
    expect((await reset(uniqueEmail('other'))).status).toBe(202);
    expect((await reset(uniqueEmail('other'))).status).toBe(429);

    const user = new ApiSession(server.url);
    await user.register(uniqueEmail('resend'), PASSWORD);
    expect((await user.call('POST', '/api/me/email-verification')).status).toBe(202);
    expect((await user.call('POST', '/api/me/email-verification')).status).toBe(429);
  });
});
