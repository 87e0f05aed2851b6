import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as original from '@aws-sdk/credential-provider-node';
import { afterEach, describe, expect, it } from 'vitest';
import * as credentialChain from '../../src/runtime/aws/bundle-aliases/credential-provider-node';
import * as streamWeb from '../../src/runtime/aws/bundle-aliases/stream-web';

/**
 * The modules the Lambda bundles take from the repository instead of node_modules (LAMBDA_MODULE_ALIASES in
 * functions/scripts/lambda-bundling.ts): the same exports as the originals, and the same behaviour for what
 * they keep. That the bundles really use them is in bundles.test.ts.
 */
describe('credential chain of the Lambda bundles', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  const onlyEnvironment = (values: Record<string, string>) => {
    for (const name of Object.keys(process.env)) {
      if (name.startsWith('AWS_')) delete process.env[name];
    }
    Object.assign(process.env, values);
  };

  it('exports what @aws-sdk/credential-provider-node exports', () => {
    // (`default` is the CommonJS interop of the original's CJS build, which the bundles do not use.)
    const names = Object.keys(original).filter((name) => name !== 'default');
    expect(Object.keys(credentialChain).sort()).toEqual(names.sort());
  });

  it('takes the credentials Lambda puts in the environment, once', async () => {
    onlyEnvironment({
      AWS_ACCESS_KEY_ID: 'AKIDLAMBDAROLE000000',
      AWS_SECRET_ACCESS_KEY: 'role-secret',
      AWS_SESSION_TOKEN: 'role-session',
    });
    const provider = credentialChain.defaultProvider();
    const first = await provider();
    expect(first).toMatchObject({
      accessKeyId: 'AKIDLAMBDAROLE000000',
      secretAccessKey: 'role-secret',
      sessionToken: 'role-session',
    });
    process.env.AWS_ACCESS_KEY_ID = 'AKIDCHANGED000000000';
    expect((await provider()).accessKeyId).toBe('AKIDLAMBDAROLE000000');
    expect((await provider({ forceRefresh: true })).accessKeyId).toBe('AKIDCHANGED000000000');
  });

  it('falls back to the container credential endpoint, and refreshes credentials about to expire', async () => {
    let served = 0;
    const server = createServer((_request, response) => {
      served += 1;
      response.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          AccessKeyId: `AKIDCONTAINER${served}`,
          SecretAccessKey: 'container-secret',
          Token: 'container-token',
          // Inside the five minutes before expiry: treated as expired on the next call.
          Expiration: new Date(Date.now() + 120_000).toISOString(),
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      onlyEnvironment({ AWS_CONTAINER_CREDENTIALS_FULL_URI: `http://127.0.0.1:${port}/credentials` });
      const provider = credentialChain.defaultProvider();
      expect(await provider()).toMatchObject({
        accessKeyId: 'AKIDCONTAINER1',
        sessionToken: 'container-token',
      });
      expect((await provider()).accessKeyId).toBe('AKIDCONTAINER2');
    } finally {
      server.close();
    }
  });

  it('fails like the SDK chain when there are no credentials', async () => {
    onlyEnvironment({});
    await expect(credentialChain.defaultProvider()()).rejects.toThrow(
      'Could not load credentials from any providers',
    );
  });
});

describe('node:stream/web of the Lambda bundles', () => {
  it('is the global ReadableStream for instanceof, construction and statics', async () => {
    const stream = new streamWeb.ReadableStream({
      start(controller) {
        controller.enqueue('a');
        controller.close();
      },
    });
    expect(stream).toBeInstanceOf(globalThis.ReadableStream);
    expect(new globalThis.ReadableStream()).toBeInstanceOf(streamWeb.ReadableStream);
    expect({}).not.toBeInstanceOf(streamWeb.ReadableStream);
    const chunks: string[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks).toEqual(['a']);
    expect(streamWeb.ReadableStream.prototype).toBe(globalThis.ReadableStream.prototype);
  });
});
