import type Mail from 'nodemailer/lib/mailer';
import type { MailMessage } from '../../ports/mailer';

/** The domain of a From address (`App <no-reply@example.org>` -> `example.org`), for Message-IDs. */
export function senderDomain(from: string): string {
  const match = /@([^\s>]+)>?\s*$/.exec(from);
  return match?.[1] ?? 'localhost';
}

/**
 * The message as nodemailer builds it (RFC 5322, multipart/alternative text + HTML). The Message-ID carries
 * our id, so a retried delivery is recognizably the same message; `Auto-Submitted` keeps auto-responders
 * (vacation replies) from answering.
 */
export function mimeOptions(message: MailMessage, from: string): Mail.Options {
  return {
    from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: `<${message.id}@${senderDomain(from)}>`,
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Mail-Kind': message.kind },
  };
}
