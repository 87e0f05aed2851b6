import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AwsConfigError, MIN_JWT_SECRET_LENGTH } from './config';

export type SecretReader = (secretArn: string) => Promise<string | undefined>;

/** One GetSecretValue per cold start (deps.ts caches the result with everything else). */
export const readFromSecretsManager: SecretReader = async (secretArn) => {
  const client = new SecretsManagerClient({});
  try {
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
    return SecretString;
  } finally {
    client.destroy();
  }
};

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
