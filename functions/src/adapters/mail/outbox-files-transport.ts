import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import type { Logger } from '../../ports/logger';
import { type MailMessage, type MailTransport, maskAddress } from '../../ports/mailer';
import { mimeOptions } from './mime-options';

export interface OutboxFilesOptions {
  /** `DATA_DIR/outbox`: one folder per user, one `.eml` file per message. */
  dir: string;
  from: string;
  log: Logger;
}

/** The links of a message's text part: what a developer clicks instead of reading mail. */
export const linksOf = (text: string): string[] => [...new Set(text.match(/https?:\/\/[^\s<>"]+/g) ?? [])];

/** Ids are ULIDs and kinds slugs; anything else is replaced so a name never leaves its folder. */
const safe = (part: string) => part.replace(/[^A-Za-z0-9_-]/g, '_');

export const outboxFileOf = (dir: string, message: MailMessage): string =>
  join(dir, safe(message.userId), `${safe(message.id)}-${safe(message.kind)}.eml`);

/**
 * The laptop's transport, used when no SMTP server is configured: each message is written as the RFC 5322
 * file an SMTP server would have received (nodemailer builds it; any mail client opens it) and its links are
 * logged, so account flows work with no mail server. Only for a machine whose logs are its owner's: the links
 * are credentials (a reset link resets the password).
 */
export function createOutboxFilesTransport(options: OutboxFilesOptions): MailTransport {
  const builder = createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    name: 'outbox-files',
    async send(message) {
      const info = await builder.sendMail(mimeOptions(message, options.from));
      const file = outboxFileOf(options.dir, message);
      await mkdir(join(options.dir, safe(message.userId)), { recursive: true });
      await writeFile(file, info.message as Buffer, { mode: 0o600 });
      options.log.info('mail written to the outbox folder (no SMTP_URL set)', {
        kind: message.kind,
        messageId: message.id,
        to: maskAddress(message.to),
        file,
        links: linksOf(message.text),
      });
    },
    async forgetUser(userId) {
      await rm(join(options.dir, safe(userId)), { recursive: true, force: true });
    },
  };
}
