import { createTransport } from 'nodemailer';
import { type MailTransport, PermanentMailFailure } from '../../ports/mailer';
import { mimeOptions } from './mime-options';

export interface SmtpTransportOptions {
  /** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://...:465` (TLS from the start). */
  url: string;
  from: string;
  /** Milliseconds to connect, greet and wait on each command. Default 15 s. */
  timeoutMs?: number;
}

/** nodemailer's SMTP errors carry the server's reply code and the step (`EENVELOPE`: MAIL FROM / RCPT TO). */
function isRecipientRefusedForGood(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, responseCode } = error as { code?: unknown; responseCode?: unknown };
  return (
    code === 'EENVELOPE' && typeof responseCode === 'number' && responseCode >= 500 && responseCode < 600
  );
}

/**
 * The lab's transport: one SMTP relay (a mail provider's submission port, or the home lab's own MTA). A 5xx
 * answer to the recipient is a permanent failure, reported as a bounce of the address; anything else (the
 * server unreachable, 4xx "try later") is thrown for the outbox to retry.
 */
export function createSmtpTransport(options: SmtpTransportOptions): MailTransport {
  const timeout = options.timeoutMs ?? 15_000;
  const transporter = createTransport({
    url: options.url,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  return {
    name: 'smtp',
    async send(message) {
      try {
        await transporter.sendMail(mimeOptions(message, options.from));
      } catch (error) {
        if (isRecipientRefusedForGood(error)) {
          throw new PermanentMailFailure('the SMTP server refused the recipient', 'bounced', {
            cause: error,
          });
        }
        throw error;
      }
    },
    async close() {
      transporter.close();
    },
  };
}
