import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PostedFrame {
  connectionId: string;
  body: string;
  headers: IncomingHttpHeaders;
}

export type FakeAnswer = 200 | 410 | 500;

/**
 * A local stand-in for API Gateway's management API, speaking its wire protocol: `POST
 * /{stage}/@connections/{connectionId}` with the frame as the body; 200 when delivered, 410 with
 * `x-amzn-ErrorType: GoneException` for a connection that is gone (what PostToConnection answers).
 */
export async function startFakeManagementApi(stage = 'prod') {
  const posted: PostedFrame[] = [];
  /** Connections closed with DeleteConnection (`DELETE /{stage}/@connections/{connectionId}`), in order. */
  const deleted: string[] = [];
  const answers = new Map<string, FakeAnswer>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const match = new RegExp(`^/${stage}/@connections/([^/?]+)$`).exec(request.url ?? '');
      if (request.method === 'DELETE' && match?.[1]) {
        deleted.push(decodeURIComponent(match[1]));
        response.writeHead(204).end();
        return;
      }
      if (request.method !== 'POST' || !match?.[1]) {
        response.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}');
        return;
      }
      const connectionId = decodeURIComponent(match[1]);
      const answer = answers.get(connectionId) ?? 200;
      if (answer === 200) {
        posted.push({ connectionId, body: Buffer.concat(chunks).toString('utf8'), headers: request.headers });
        response.writeHead(200).end();
      } else if (answer === 410) {
        response
          .writeHead(410, { 'content-type': 'application/json', 'x-amzn-ErrorType': 'GoneException' })
          .end('{"message":null}');
      } else {
        response
          .writeHead(500, {
            'content-type': 'application/json',
            'x-amzn-ErrorType': 'InternalServerErrorException',
          })
          .end('{"message":"Internal server error"}');
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    callbackUrl: `http://127.0.0.1:${port}/${stage}`,
    posted,
    deleted,
    /** How the endpoint answers for this connection from now on (default 200). */
    answer(connectionId: string, status: FakeAnswer) {
      answers.set(connectionId, status);
    },
    eventsFor: (connectionId: string) =>
      posted
        .filter((frame) => frame.connectionId === connectionId)
        .map((frame) => JSON.parse(frame.body) as unknown),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What the SDK needs to sign requests to the fake (it checks nothing). */
export const fakeAwsClientConfig = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'fake-secret' },
  maxAttempts: 1,
};
