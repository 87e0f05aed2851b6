import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type MailMessage, parseQueuedMail } from '../../src/ports/mailer';

/**
 * A stand-in for the SQS mail queue of Lambda mode: answers SendMessage (the JSON protocol the SQS outbox
 * speaks, adapters/mail/sqs-outbox.ts) and keeps each queued mail, so tests read what the API functions queued.
 */
export interface RecordingSqs {
  endpoint: string;
  readonly queued: MailMessage[];
  stop(): Promise<void>;
}

export async function startRecordingSqs(): Promise<RecordingSqs> {
  const queued: MailMessage[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const target = request.headers['x-amz-target'];
      if (target !== 'AmazonSQS.SendMessage') {
        response.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
        response.end(
          JSON.stringify({ __type: 'com.amazonaws.sqs#UnsupportedOperation', message: String(target) }),
        );
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { MessageBody?: string };
      const message = parseQueuedMail(body.MessageBody ?? '');
      if (message) queued.push(message);
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(JSON.stringify({ MessageId: `m-${queued.length}` }));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    queued,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
