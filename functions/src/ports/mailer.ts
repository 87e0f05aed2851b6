import type { EmailFeedback } from '../domain/email-deliverability';

/**
 * Mail to one account. `kind` names the template (`email-verification`, `password-reset`, ...) and is what
 * logs show; logs never carry the body or the full address (see `maskAddress`).
 */
export interface MailMessage {
  /** A fresh id (ULID): the Message-ID's local part, the outbox file name, the idempotency key of retries. */
  id: string;
  /** The account the mail is about: erasure drops its queued and written mail, deliverability is looked up. */
  userId: string;
  kind: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Sends one message now (SMTP, SES, a file); throws when it could not. */
export interface MailTransport {
  /** `smtp`, `ses`, `outbox-files`: logged with every delivery. */
  readonly name: string;
  send(message: MailMessage): Promise<void>;
  /** Drops what the transport keeps of a user's mail (the laptop's `.eml` files). Optional. */
  forgetUser?(userId: string): Promise<void>;
  close?(): Promise<void>;
}

/**
 * A transport failure that no retry can fix: the receiving server refused the recipient for good (SMTP 5xx
 * to RCPT TO). The outbox stops retrying and reports a bounce for the address.
 */
export class PermanentMailFailure extends Error {
  override name = 'PermanentMailFailure';
  constructor(
    message: string,
    readonly feedback: EmailFeedback | null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The queue in front of the transport: mail never slows or fails the request that caused it. `enqueue`
 * resolves once the message is handed over (in the lab: at once, to an in-process queue with retries; on
 * AWS: once SQS has it, a few milliseconds, so a frozen Lambda cannot lose it) and never rejects: a failure
 * to queue is logged and the request goes on.
 */
export interface MailOutbox {
  enqueue(message: MailMessage): Promise<void>;
  /** Erasure: drops the user's queued mail and whatever the transport keeps of it. */
  forgetUser(userId: string): Promise<void>;
  /** Resolves when nothing is queued or in flight (tests, graceful shutdown). */
  idle(): Promise<void>;
  /** Messages queued, waiting for a retry or in flight (metrics); absent when the queue is not in process. */
  pending?(): number;
  close(): Promise<void>;
}

/** For logs: `a***@example.com`, enough to tell addresses apart at a glance, not to harvest them. */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${address[0]}***${address.slice(at)}`;
}

/** A queued message as a queue body (SQS on AWS): the message itself, as JSON. */
export const queuedMailBody = (message: MailMessage): string => JSON.stringify(message);

/** The queued message back from a queue body; null when it is not one (logged and dropped by the consumer). */
export function parseQueuedMail(body: string): MailMessage | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const record = parsed as Record<string, unknown>;
  const field = (key: keyof MailMessage) =>
    typeof record[key] === 'string' ? (record[key] as string) : null;
  const id = field('id');
  const userId = field('userId');
  const kind = field('kind');
  const to = field('to');
  const subject = field('subject');
  const text = field('text');
  const html = field('html');
  if (!id || !userId || !kind || !to || subject === null || text === null || html === null) return null;
  return { id, userId, kind, to, subject, text, html };
}
