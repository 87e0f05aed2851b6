import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SecretsManagerCall {
  target: string;
  body: string;
  headers: IncomingHttpHeaders;
}

/**
 * A local stand-in for AWS Secrets Manager, speaking its wire protocol (AWS JSON 1.1: `POST /` with
 * `x-amz-target: secretsmanager.GetSecretValue` and `{"SecretId": ...}`): the value of a secret put here,
 * `ResourceNotFoundException` for any other id, and `ThrottlingException` (HTTP 400, as Secrets Manager
 * answers it) for as many calls as `throttle(n)` says. It checks no signature (test/support/sigv4-check.ts
 * does that where it matters).
 */
export async function startFakeSecretsManager() {
  const secrets = new Map<string, string>();
  const calls: SecretsManagerCall[] = [];
  let throttled = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const target = String(request.headers['x-amz-target'] ?? '');
      calls.push({ target, body, headers: request.headers });
      const reply = (status: number, payload: unknown) =>
        response
          .writeHead(status, { 'content-type': 'application/x-amz-json-1.1' })
          .end(JSON.stringify(payload));
      if (request.method !== 'POST' || target !== 'secretsmanager.GetSecretValue') {
        reply(400, { __type: 'InvalidRequestException', message: `unsupported: ${target}` });
        return;
      }
      if (throttled > 0) {
        throttled -= 1;
        reply(400, { __type: 'ThrottlingException', message: 'Rate exceeded' });
        return;
      }
      const { SecretId } = JSON.parse(body) as { SecretId: string };
      const value = secrets.get(SecretId);
      if (value === undefined) {
        reply(400, {
          __type: 'ResourceNotFoundException',
          Message: "Secrets Manager can't find the specified secret.",
        });
        return;
      }
      reply(200, { ARN: SecretId, Name: SecretId, SecretString: value, VersionId: `v${calls.length}` });
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    /** Sets the value of a secret (what `aws secretsmanager put-secret-value` does). */
    put(secretId: string, value: string) {
      secrets.set(secretId, value);
    },
    /** The next `count` calls answer ThrottlingException. */
    throttle(count: number) {
      throttled = count;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
