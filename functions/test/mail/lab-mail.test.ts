import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJsonLogger } from '../../src/adapters/log/json-logger';
import { openPostgresStore } from '../../src/adapters/postgres';
import { newId } from '../../src/domain/ids';
import type { MailOutbox } from '../../src/ports/mailer';
import type { Store } from '../../src/ports/repositories';
import type { MailConfig } from '../../src/runtime/lab/config';
import { openLabMail } from '../../src/runtime/lab/open-mail';
import { hashPassword } from '../../src/services/auth/password-hashing';
import type { Deps } from '../../src/services/deps';
import { renderLinkMail } from '../../src/services/mail/mail-templates';
import { sendAccountMail } from '../../src/services/mail/send-account-mail';
import { deleteAccount } from '../../src/services/privacy/privacy-service';
import { aUser } from '../contract/fixtures';
import { serviceDeps } from '../support/service-deps';
import { startSmtpPeer } from '../support/smtp-peer';

const FROM = 'Dating app <no-reply@dating.example>';
const RESET_URL = 'http://localhost:8080/reset-password#token=abc123';

const resetMail = () =>
  renderLinkMail({
    productName: 'Dating app',
    subject: 'Reset your password',
    intro: 'Someone asked to reset the password of your account.',
    action: 'Choose a new password',
    url: RESET_URL,
    outro: 'If it was not you, ignore this mail: the link stops working in 30 minutes.',
  });

/**
 * The lab's mail: the in-process queue in front of a real SMTP server (smtp-server, read back with mailparser)
 * or of the laptop's outbox folder (.eml files parsed back), deliverability checked on a real store (PGlite).
 */
describe('lab mail', () => {
  let store: Store;
  let smtp: Awaited<ReturnType<typeof startSmtpPeer>>;
  let logLines: string[];
  const opened: MailOutbox[] = [];

  beforeAll(async () => {
    store = (await openPostgresStore()).store;
    smtp = await startSmtpPeer();
  }, 60_000);
  afterAll(async () => {
    await Promise.all(opened.map((outbox) => outbox.close()));
    await smtp?.close();
    await store?.close();
  });

  const depsWith = (
    config: MailConfig,
    retry = { retryDelayMs: 20, maxRetryDelayMs: 100, maxAttempts: 4 },
  ) => {
    logLines = [];
    const log = createJsonLogger({ level: 'debug', write: (line) => logLines.push(line) });
    const mail = openLabMail(config, { store, clock: { now: () => new Date() }, log, retry });
    opened.push(mail);
    const deps: Deps = { ...serviceDeps(store), mail, log };
    return deps;
  };
  const smtpConfig = (): MailConfig => ({ kind: 'smtp', url: smtp.url, from: FROM });
  const newUser = async () => {
    const user = aUser();
    await store.users.create(user);
    return user;
  };
  const logged = () => logLines.map((line) => JSON.parse(line) as Record<string, unknown>);

  it('queues without waiting and delivers text and HTML over SMTP, with the kind in the logs only', async () => {
    const deps = depsWith(smtpConfig());
    const user = await newUser();
    const before = smtp.received.length;
    await sendAccountMail(deps, { userId: user.id, kind: 'password-reset', to: user.email, ...resetMail() });
    // The caller's await returned before any SMTP traffic: the request is never held up by mail.
    expect(smtp.received.length).toBe(before);
    await deps.mail.idle();

    const mail = smtp.received.at(-1);
    expect(mail?.envelope).toEqual({ from: 'no-reply@dating.example', to: [user.email] });
    expect(mail?.parsed.subject).toBe('Reset your password');
    expect(mail?.parsed.from?.value).toEqual([{ name: 'Dating app', address: 'no-reply@dating.example' }]);
    expect(mail?.parsed.text).toContain(RESET_URL);
    expect(mail?.parsed.html).toContain(`href="${RESET_URL}"`);
    expect(mail?.parsed.messageId).toMatch(/^<[0-9A-Z]{26}@dating\.example>$/);
    expect(mail?.parsed.headers.get('auto-submitted')).toBe('auto-generated');

    const sent = logged().find((line) => line.msg === 'mail sent');
    expect(sent).toMatchObject({ kind: 'password-reset', userId: user.id, transport: 'smtp' });
    expect(logLines.join('\n')).not.toContain(user.email);
    expect(logLines.join('\n')).not.toContain('abc123');
  });

  it('retries with backoff while the SMTP server refuses, then delivers once', async () => {
    const deps = depsWith(smtpConfig());
    const user = await newUser();
    const attemptsBefore = smtp.attempts();
    const receivedBefore = smtp.received.length;
    smtp.refuseNext(2);
    await sendAccountMail(deps, {
      userId: user.id,
      kind: 'email-verification',
      to: user.email,
      ...resetMail(),
    });
    await deps.mail.idle();

    expect(smtp.attempts() - attemptsBefore).toBe(3);
    expect(smtp.received.length - receivedBefore).toBe(1);
    const retries = logged().filter((line) => line.msg === 'mail not sent; will retry');
    expect(retries.map((line) => line.attempt)).toEqual([1, 2]);
    expect(String(retries[0]?.error)).toContain('421');
    expect(logLines.join('\n')).not.toContain(user.email);
  });

  it('gives up after the bounded attempts and logs the error', async () => {
    const deps = depsWith(smtpConfig(), { retryDelayMs: 10, maxRetryDelayMs: 20, maxAttempts: 3 });
    const user = await newUser();
    const attemptsBefore = smtp.attempts();
    smtp.refuseNext(5);
    await sendAccountMail(deps, {
      userId: user.id,
      kind: 'email-verification',
      to: user.email,
      ...resetMail(),
    });
    await deps.mail.idle();
    smtp.refuseNext(0);
    expect(smtp.attempts() - attemptsBefore).toBe(3);
    expect(logged().find((line) => line.msg === 'mail not sent; giving up')).toMatchObject({
      attempt: 3,
      kind: 'email-verification',
    });
  });

  it('marks an address the server refuses for good as bounced, and sends it nothing more', async () => {
    const deps = depsWith(smtpConfig());
    const user = await newUser();
    smtp.refuseRecipient((address) =>
      address.address === user.email ? { code: 550, message: 'No such user here' } : null,
    );
    const attemptsBefore = smtp.attempts();
    await sendAccountMail(deps, {
      userId: user.id,
      kind: 'email-verification',
      to: user.email,
      ...resetMail(),
    });
    await deps.mail.idle();
    smtp.refuseRecipient(null);

    expect(logged().filter((line) => line.msg === 'mail not sent; will retry')).toEqual([]);
    expect((await store.users.findById(user.id))?.emailDeliverability).toBe('bounced');

    // Later mail to the address is refused by the outbox before any SMTP traffic.
    await sendAccountMail(deps, { userId: user.id, kind: 'password-reset', to: user.email, ...resetMail() });
    await deps.mail.idle();
    expect(smtp.attempts()).toBe(attemptsBefore);
    expect(
      logged().find((line) => line.msg === 'mail not sent: the address is not deliverable'),
    ).toMatchObject({
      deliverability: 'bounced',
      kind: 'password-reset',
    });
  });

  it('drops (and logs) mail beyond the queue bound instead of growing without limit', async () => {
    logLines = [];
    const log = createJsonLogger({ level: 'debug', write: (line) => logLines.push(line) });
    const { createInProcessOutbox } = await import('../../src/adapters/mail/in-process-outbox');
    const delivered: string[] = [];
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const outbox = createInProcessOutbox({
      deliver: async (message) => {
        await gate;
        delivered.push(message.id);
      },
      log,
      maxQueued: 2,
      concurrency: 1,
    });
    const message = (id: string) => ({
      id,
      userId: 'u',
      kind: 'k',
      to: 'a@b.test',
      subject: 's',
      text: 't',
      html: 'h',
    });
    await outbox.enqueue(message('1'));
    await outbox.enqueue(message('2'));
    await outbox.enqueue(message('3'));
    release();
    await outbox.idle();
    expect(delivered).toEqual(['1', '2']);
    expect(logged().find((line) => line.msg === 'mail dropped: the outbox queue is full')).toMatchObject({
      messageId: '3',
      maxQueued: 2,
      to: 'a***@b.test',
    });
  });

  describe('outbox folder (no SMTP_URL)', () => {
    let dataDir: string;
    beforeAll(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'outbox-'));
    });
    afterAll(async () => {
      await rm(dataDir, { recursive: true, force: true });
    });

    it('writes each message as an RFC 5322 .eml file and logs its links', async () => {
      const dir = join(dataDir, 'outbox');
      const deps = depsWith({ kind: 'outbox-files', dir, from: FROM });
      const user = await newUser();
      await sendAccountMail(deps, {
        userId: user.id,
        kind: 'password-reset',
        to: user.email,
        ...resetMail(),
      });
      await deps.mail.idle();

      const files = await readdir(join(dir, user.id));
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(/^[0-9A-Z]{26}-password-reset\.eml$/);
      const raw = await readFile(join(dir, user.id, files[0] ?? ''));
      expect(raw.toString('latin1')).toContain('\r\n');
      const parsed = await simpleParser(raw);
      expect(parsed.subject).toBe('Reset your password');
      expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.text : '').toBe(user.email);
      expect(parsed.text).toContain(RESET_URL);
      expect(parsed.html).toContain(`href="${RESET_URL}"`);

      const written = logged().find((line) => String(line.msg).startsWith('mail written to the outbox'));
      expect(written).toMatchObject({ kind: 'password-reset', links: [RESET_URL] });
    });

    it('removes the queued mail and the outbox files of an erased account', async () => {
      const dir = join(dataDir, 'outbox');
      const deps = depsWith({ kind: 'outbox-files', dir, from: FROM });
      const user = aUser({ passwordHash: await hashPassword('correct horse battery', 14) });
      await store.users.create(user);
      await sendAccountMail(deps, {
        userId: user.id,
        kind: 'email-verification',
        to: user.email,
        ...resetMail(),
      });
      await deps.mail.idle();
      expect(await readdir(join(dir, user.id))).toHaveLength(1);
      const other = await newUser();
      await sendAccountMail(deps, {
        userId: other.id,
        kind: 'email-verification',
        to: other.email,
        ...resetMail(),
      });
      await deps.mail.idle();

      await deleteAccount(
        { ...deps, blobs: { ...deps.blobs, delete: async () => {} } },
        user.id,
        'correct horse battery',
        { sourceIp: '192.0.2.10', userAgent: 'vitest' },
      );
      await expect(readdir(join(dir, user.id))).rejects.toThrow(/ENOENT/);
      expect(await readdir(join(dir, other.id))).toHaveLength(1);
    });

    it('drops mail queued for an account erased before it was sent', async () => {
      const dir = join(dataDir, 'outbox');
      const deps = depsWith({ kind: 'outbox-files', dir, from: FROM });
      const userId = newId();
      await sendAccountMail(deps, {
        userId,
        kind: 'email-verification',
        to: 'gone@example.test',
        ...resetMail(),
      });
      await deps.mail.idle();
      await expect(readdir(join(dir, userId))).rejects.toThrow(/ENOENT/);
      expect(
        logged().find((line) => line.msg === 'mail not sent: the account no longer exists'),
      ).toMatchObject({
        userId,
      });
    });
  });
});
