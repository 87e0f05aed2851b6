import { createAwsRequester, jsonApiError, serviceEndpoint } from '../../adapters/aws/signed-request';
import { AwsConfigError, MIN_JWT_SECRET_LENGTH } from './config';

export type SecretReader = (secretId: string) => Promise<string | undefined>;

/**
 * One GetSecretValue per cold start (deps.ts caches the result with everything else), as a signed request
 * rather than through the Secrets Manager SDK client (adapters/aws/signed-request.ts says why). The region is
 * the secret ARN's, or the function's for a secret name.
 */
export async function readFromSecretsManager(
  secretId: string,
  env: Record<string, string | undefined> = process.env,
): Promise<string | undefined> {
  const region =
    /^arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):/.exec(secretId)?.[1] ?? env.AWS_REGION ?? 'us-east-1';
  const send = createAwsRequester({ region });
  try {
    const response = await send({
      service: 'secretsmanager',
      method: 'POST',
      url: serviceEndpoint('Secrets Manager', `secretsmanager.${region}.amazonaws.com`, env),
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'secretsmanager.GetSecretValue',
      },
      body: JSON.stringify({ SecretId: secretId }),
    });
    if (response.status !== 200) throw jsonApiError(response, 'GetSecretValue');
    return (JSON.parse(response.body.toString('utf8')) as { SecretString?: string }).SecretString;
  } finally {
    send.destroy();
  }
}

/**
 * The HS256 key: the literal override when given (tests, LocalStack), else the secret's string value.
 * The CDK stack generates a 64-character alphanumeric string, so the value is used as is.
 */
export async function resolveJwtSecret(
  config: { jwtSecret?: string; jwtSecretArn?: string },
  read: SecretReader = readFromSecretsManager,
): Promise<string> {
  if (config.jwtSecret !== undefined) return config.jwtSecret;
  if (config.jwtSecretArn === undefined)
    throw new AwsConfigError('Invalid configuration: JWT_SECRET_ARN is required');
  const value = (await read(config.jwtSecretArn))?.trim();
  if (value === undefined || value.length < MIN_JWT_SECRET_LENGTH) {
    throw new AwsConfigError(
      `The JWT secret ${config.jwtSecretArn} has no string value of at least ${MIN_JWT_SECRET_LENGTH} characters`,
    );
  }
  return value;
}
