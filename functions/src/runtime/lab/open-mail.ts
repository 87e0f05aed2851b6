import { createInProcessOutbox } from '../../adapters/mail/in-process-outbox';
import { createOutboxFilesTransport } from '../../adapters/mail/outbox-files-transport';
import { createSmtpTransport } from '../../adapters/mail/smtp-transport';
import type { Clock } from '../../ports/clock';
import type { Logger } from '../../ports/logger';
import type { MailOutbox, MailTransport } from '../../ports/mailer';
import type { Store } from '../../ports/repositories';
import { deliverMail } from '../../services/mail/deliver-mail';
import type { MailConfig } from './config';

export interface LabMailOptions {
  store: Store;
  clock: Clock;
  log: Logger;
  /** Retry timing of the in-process queue (tests shorten it). */
  retry?: { maxAttempts?: number; retryDelayMs?: number; maxRetryDelayMs?: number };
}

export function labMailTransport(config: MailConfig, log: Logger): MailTransport {
  return config.kind === 'smtp'
    ? createSmtpTransport({ url: config.url, from: config.from })
    : createOutboxFilesTransport({ dir: config.dir, from: config.from, log });
}

/**
 * The lab's mail: the in-process queue in front of SMTP (SMTP_URL) or the outbox folder, each delivery
 * checking the address's deliverability first (services/mail/deliver-mail.ts). `close` drains nothing: what
 * is still queued at shutdown is logged as lost.
 */
export function openLabMail(config: MailConfig, options: LabMailOptions): MailOutbox {
  const log = options.log.child({ component: 'mail' });
  const transport = labMailTransport(config, log);
  const delivery = { store: options.store, transport, clock: options.clock, log };
  const outbox = createInProcessOutbox({
    deliver: async (message) => {
      await deliverMail(delivery, message);
    },
    ...(transport.forgetUser
      ? { forgetUser: (userId: string) => transport.forgetUser?.(userId) ?? Promise.resolve() }
      : {}),
    log,
    ...options.retry,
  });
  return {
    ...outbox,
    async close() {
      await outbox.close();
      await transport.close?.();
    },
  };
}

/** For the startup log line: where mail goes, without the SMTP credentials. */
export function describeMail(config: MailConfig): string {
  if (config.kind === 'outbox-files') return `files in ${config.dir}`;
  try {
    const url = new URL(config.url);
    return `${url.protocol}//${url.host}`;
  } catch {
    return 'smtp';
  }
}
