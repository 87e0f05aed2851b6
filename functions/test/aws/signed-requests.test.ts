import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiGatewayPoster } from '../../src/adapters/apigw/apigw-notifier';
import { AwsApiError, createAwsRequester, serviceEndpoint } from '../../src/adapters/aws/signed-request';
import { readFromSecretsManager } from '../../src/runtime/aws/jwt-secret';
import { checkSigV4, type RecordedRequest, startRecordingEndpoint } from '../support/sigv4-check';

/**
 * The AWS calls the Lambda functions make without an SDK client (adapters/aws/signed-request.ts): on the wire
 * they are the requests the services' APIs define, SigV4-signed as AWS checks them (S3's own test is
 * test/blobs/s3-signed-blob-store.test.ts).
 */
const credentials = { accessKeyId: 'AKIDSIGNEDREQUESTS00', secretAccessKey: 'signed-requests-secret' };

describe('AWS calls through signed requests', () => {
  let endpoint: Awaited<ReturnType<typeof startRecordingEndpoint>>;
  let answer: (request: RecordedRequest) => {
    status: number;
    body?: string;
    headers?: Record<string, string>;
  };
  const saved = { ...process.env };

  beforeAll(async () => {
    endpoint = await startRecordingEndpoint((request) => answer(request));
    // Where the default chain finds credentials on Lambda.
    process.env.AWS_ACCESS_KEY_ID = credentials.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;
  });
  afterAll(async () => {
    process.env = saved;
    await endpoint.close();
  });

  it('finds endpoints the way the SDK does: service variable, then the global one, then AWS', () => {
    expect(serviceEndpoint('Secrets Manager', 'secretsmanager.eu-west-1.amazonaws.com', {}).href).toBe(
      'https://secretsmanager.eu-west-1.amazonaws.com/',
    );
    expect(serviceEndpoint('Secrets Manager', 'x', { AWS_ENDPOINT_URL: 'http://localhost:4566' }).href).toBe(
      'http://localhost:4566/',
    );
    expect(
      serviceEndpoint('Secrets Manager', 'x', {
        AWS_ENDPOINT_URL: 'http://localhost:4566',
        AWS_ENDPOINT_URL_SECRETS_MANAGER: 'http://localhost:9999',
      }).href,
    ).toBe('http://localhost:9999/');
  });

  it('reads a secret with GetSecretValue, signed for Secrets Manager in the region of its ARN', async () => {
    answer = () => ({
      status: 200,
      headers: { 'content-type': 'application/x-amz-json-1.1' },
      body: JSON.stringify({ Name: 'jwt', SecretString: 'the-secret-value' }),
    });
    const arn = 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:jwt-AbCdEf';
    await expect(readFromSecretsManager(arn, { AWS_ENDPOINT_URL: endpoint.url })).resolves.toBe(
      'the-secret-value',
    );
    const request = endpoint.requests.at(-1) as RecordedRequest;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/');
    expect(request.headers).toMatchObject({
      'x-amz-target': 'secretsmanager.GetSecretValue',
      'content-type': 'application/x-amz-json-1.1',
    });
    expect(JSON.parse(request.body.toString())).toEqual({ SecretId: arn });
    expect(checkSigV4(request, credentials.secretAccessKey)).toMatchObject({
      valid: true,
      service: 'secretsmanager',
      region: 'eu-central-1',
    });
  });

  it('fails with the service error of a refused secret read (after retrying a throttled one)', async () => {
    let calls = 0;
    answer = () => {
      calls += 1;
      return calls === 1
        ? { status: 429, body: '{"__type":"ThrottlingException","message":"slow down"}' }
        : { status: 400, body: '{"__type":"ResourceNotFoundException","Message":"no such secret"}' };
    };
    const error = await readFromSecretsManager('jwt-secret-name', {
      AWS_ENDPOINT_URL: endpoint.url,
      AWS_REGION: 'eu-west-2',
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AwsApiError);
    expect(error).toMatchObject({ status: 400, code: 'ResourceNotFoundException' });
    expect(calls).toBe(2);
    expect(checkSigV4(endpoint.requests.at(-1) as RecordedRequest, credentials.secretAccessKey).region).toBe(
      'eu-west-2',
    );
  });

  it('posts to a connection with PostToConnection, signed for execute-api, and reports a gone one', async () => {
    answer = (request) =>
      request.url.includes('gone')
        ? { status: 410, headers: { 'x-amzn-ErrorType': 'GoneException' }, body: '{"message":"gone"}' }
        : { status: 200 };
    const send = createAwsRequester({ region: 'eu-west-1', credentials, maxAttempts: 1 });
    const poster = apiGatewayPoster(send, `${endpoint.url}/prod/`);
    await expect(poster.post('Ab+/9cOFvHcZZZw=', '{"type":"pong"}')).resolves.toBe('delivered');
    const request = endpoint.requests.at(-1) as RecordedRequest;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/prod/@connections/Ab%2B%2F9cOFvHcZZZw%3D');
    expect(request.body.toString()).toBe('{"type":"pong"}');
    expect(checkSigV4(request, credentials.secretAccessKey)).toMatchObject({
      valid: true,
      service: 'execute-api',
      region: 'eu-west-1',
    });
    await expect(poster.post('gone0000Conn000=', '{}')).resolves.toBe('gone');
    answer = () => ({ status: 500, body: '{"message":"boom"}' });
    await expect(poster.post('Live0000Conn000=', '{}')).rejects.toThrow(/PostToConnection failed: 500/);
    send.destroy();
  });
});
