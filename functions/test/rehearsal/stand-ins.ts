import { createHash, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LocalConnectionRegistry } from '../../src/adapters/lab/local-connections';

async function listen(handler: (request: IncomingMessage, body: Buffer, response: ServerResponse) => void) {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => handler(request, Buffer.concat(chunks), response));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const json = (
  response: ServerResponse,
  status: number,
  payload: unknown,
  type = 'application/x-amz-json-1.0',
) => response.writeHead(status, { 'content-type': type }).end(JSON.stringify(payload));

export interface SqsMessage {
  messageId: string;
  body: string;
  attributes: Record<string, { DataType: string; StringValue?: string }>;
  receiveCount: number;
}

/**
 * A local stand-in for SQS (JSON protocol, `AmazonSQS.SendMessage`), for the queues of the templates: a
 * message to a queue that an event source mapping reads is handed to `deliver` (the mapping's function);
 * messages to any other queue are kept (`messages`). Unknown queues answer `QueueDoesNotExist`.
 */
export async function startSqsStandIn(options: {
  queueUrls: string[];
  deliver: (queueUrl: string, message: SqsMessage) => void;
}) {
  const byName = new Map(options.queueUrls.map((url) => [url.split('/').pop() ?? url, url]));
  const messages: { queueUrl: string; message: SqsMessage }[] = [];
  const server = await listen((request, body, response) => {
    const target = String(request.headers['x-amz-target'] ?? '');
    if (request.method !== 'POST' || target !== 'AmazonSQS.SendMessage') {
      json(response, 400, { __type: 'com.amazon.coral.service#UnsupportedOperation', message: target });
      return;
    }
    const input = JSON.parse(body.toString('utf8')) as {
      QueueUrl?: string;
      MessageBody?: string;
      MessageAttributes?: SqsMessage['attributes'];
    };
    const queueUrl = byName.get(
      String(input.QueueUrl ?? '')
        .split('/')
        .pop() ?? '',
    );
    if (queueUrl === undefined || input.QueueUrl !== queueUrl) {
      json(response, 400, {
        __type: 'com.amazonaws.sqs#QueueDoesNotExist',
        message: `The specified queue does not exist: ${input.QueueUrl}`,
      });
      return;
    }
    const message: SqsMessage = {
      messageId: randomUUID(),
      body: String(input.MessageBody ?? ''),
      attributes: input.MessageAttributes ?? {},
      receiveCount: 0,
    };
    messages.push({ queueUrl, message });
    json(response, 200, {
      MessageId: message.messageId,
      MD5OfMessageBody: createHash('md5').update(message.body).digest('hex'),
    });
    options.deliver(queueUrl, message);
  });
  return { ...server, messages };
}

/**
 * API Gateway's management API for the WebSocket API: `POST /{stage}/@connections/{id}` sends the frame to the
 * gateway's socket (410 GoneException when there is none), `DELETE` closes it. A path whose stage is not the
 * WebSocket API's stage is refused (403) and recorded: the callback URL in the template would be wrong.
 */
export async function startManagementStandIn(options: {
  stages: string[];
  registry: LocalConnectionRegistry;
  onWrongStage: (path: string) => void;
}) {
  const posted: { connectionId: string; body: string }[] = [];
  const server = await listen((request, body, response) => {
    const match = /^\/([^/]+)\/@connections\/([^/?]+)$/.exec(request.url ?? '');
    if (!match?.[1] || !match[2] || !options.stages.includes(match[1])) {
      options.onWrongStage(`${request.method} ${request.url}`);
      json(response, 403, { message: 'Forbidden' }, 'application/json');
      return;
    }
    const connectionId = decodeURIComponent(match[2]);
    const socket = options.registry.get(connectionId);
    const gone = () =>
      response
        .writeHead(410, { 'content-type': 'application/json', 'x-amzn-ErrorType': 'GoneException' })
        .end('{"message":null}');
    if (request.method === 'DELETE') {
      if (!socket) return gone();
      socket.close();
      response.writeHead(204).end();
      return;
    }
    if (request.method !== 'POST' || !socket) return gone();
    const frame = body.toString('utf8');
    void socket.send(frame).then((sent) => {
      if (!sent) return gone();
      posted.push({ connectionId, body: frame });
      response.writeHead(200).end();
    });
  });
  return { ...server, posted };
}
