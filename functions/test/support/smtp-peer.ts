import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';

export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  parsed: ParsedMail;
}

export type RecipientCheck = (
  address: SMTPServerAddress,
  session: SMTPServerSession,
) => { code: number; message: string } | null;

/**
 * A real SMTP server in the test process (nodemailer's `smtp-server`): it accepts mail, parses each message
 * with `mailparser` and keeps it. `refuseRecipient` answers RCPT TO with an SMTP error instead (a full
 * mailbox 4xx, an unknown user 5xx), `refuseNext` answers the next N DATA commands with 421 (server busy).
 */
export async function startSmtpPeer() {
  const received: ReceivedMail[] = [];
  let refuseDataTimes = 0;
  let recipientCheck: RecipientCheck | null = null;
  let attempts = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, session, callback) {
      const refusal = recipientCheck?.(address, session) ?? null;
      if (refusal === null) return callback();
      const error = Object.assign(new Error(refusal.message), { responseCode: refusal.code });
      return callback(error);
    },
    onData(stream, session, callback) {
      attempts += 1;
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (refuseDataTimes > 0) {
          refuseDataTimes -= 1;
          callback(Object.assign(new Error('Try again later'), { responseCode: 421 }));
          return;
        }
        void simpleParser(Buffer.concat(chunks)).then((parsed) => {
          received.push({
            envelope: {
              from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
              to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            },
            parsed,
          });
          callback();
        }, callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    /** DATA attempts so far (accepted or refused). */
    attempts: () => attempts,
    refuseNext(times: number) {
      refuseDataTimes = times;
    },
    refuseRecipient(check: RecipientCheck | null) {
      recipientCheck = check;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
