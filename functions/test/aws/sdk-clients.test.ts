import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiGatewayPoster } from '../../src/adapters/apigw/apigw-notifier';
import { secretsManagerReader } from '../../src/runtime/aws/jwt-secret';
import { checkSigV4, type RecordedRequest, startRecordingEndpoint } from '../support/sigv4-check';

/**
 * The AWS calls the Lambda functions make through SDK clients besides DynamoDB (Secrets Manager's
 * GetSecretValue, API Gateway's PostToConnection): on the wire they are the requests the services' APIs
 * define, SigV4-signed as AWS checks them, and throttled answers are retried.
 */
const credentials = { accessKeyId: 'AKIDSDKCLIENTS000000', secretAccessKey: 'sdk-clients-secret' };

describe('AWS calls through the SDK clients', () => {
  let endpoint: Awaited<ReturnType<typeof startRecordingEndpoint>>;
  let answer: (request: RecordedRequest) => {
    status: number;
    body?: string;
    headers?: Record<string, string>;
  };

  beforeAll(async () => {
    endpoint = await startRecordingEndpoint((request) => answer(request));
  });
  afterAll(() => endpoint.close());

  const reader = (env: Record<string, string>) =>
    secretsManagerReader({ env: { AWS_ENDPOINT_URL: endpoint.url, ...env }, clientConfig: { credentials } });

  it('reads a secret with GetSecretValue, signed for Secrets Manager in the region of its ARN', async () => {
    answer = () => ({
      status: 200,
      headers: { 'content-type': 'application/x-amz-json-1.1' },
      body: JSON.stringify({ Name: 'jwt', SecretString: 'the-secret-value' }),
    });
    const arn = 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:jwt-AbCdEf';
    await expect(reader({ AWS_REGION: 'us-east-1' })(arn)).resolves.toBe('the-secret-value');
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

  it('signs for the region of an ARN in another partition, and the function region for a name', async () => {
    answer = () => ({ status: 200, body: JSON.stringify({ SecretString: 'value' }) });
    await reader({})('arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:jwt-AbCdEf');
    expect(
      checkSigV4(endpoint.requests.at(-1) as RecordedRequest, credentials.secretAccessKey),
    ).toMatchObject({ valid: true, region: 'cn-north-1' });
    await reader({ AWS_REGION: 'eu-west-2' })('jwt-secret-name');
    expect(checkSigV4(endpoint.requests.at(-1) as RecordedRequest, credentials.secretAccessKey).region).toBe(
      'eu-west-2',
    );
  });

  it('retries a throttled secret read, and fails with the service error of a refused one', async () => {
    let calls = 0;
    answer = () => {
      calls += 1;
      return calls === 1
        ? { status: 400, body: '{"__type":"ThrottlingException","message":"Rate exceeded"}' }
        : { status: 400, body: '{"__type":"ResourceNotFoundException","Message":"no such secret"}' };
    };
    const error = await reader({ AWS_REGION: 'eu-west-2' })('jwt-secret-name').catch(
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 400 } });
    expect(calls).toBe(2);
  });

  it('posts to a connection with PostToConnection, signed for execute-api, and reports a gone one', async () => {
    answer = (request) =>
      request.url.includes('gone')
        ? { status: 410, headers: { 'x-amzn-ErrorType': 'GoneException' }, body: '{"message":"gone"}' }
        : { status: 200 };
    const client = new ApiGatewayManagementApiClient({
      region: 'eu-west-1',
      endpoint: `${endpoint.url}/prod`,
      credentials,
      maxAttempts: 1,
    });
    const poster = apiGatewayPoster(client);
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
    await expect(poster.post('Live0000Conn000=', '{}')).rejects.toMatchObject({
      $metadata: { httpStatusCode: 500 },
    });
    client.destroy();
  });

  it('retries a throttled PostToConnection (429 LimitExceededException)', async () => {
    let calls = 0;
    answer = () => {
      calls += 1;
      return calls === 1
        ? {
            status: 429,
            headers: { 'x-amzn-ErrorType': 'LimitExceededException' },
            body: '{"message":"Rate exceeded"}',
          }
        : { status: 200 };
    };
    const client = new ApiGatewayManagementApiClient({
      region: 'eu-west-1',
      endpoint: `${endpoint.url}/prod`,
      credentials,
      maxAttempts: 2,
    });
    await expect(apiGatewayPoster(client).post('Thr0ttledConn00=', '{}')).resolves.toBe('delivered');
    expect(calls).toBe(2);
    client.destroy();
  });
});
