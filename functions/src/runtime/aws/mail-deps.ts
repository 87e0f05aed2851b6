import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoDbClientDefaults } from '../../adapters/dynamodb/client-config';
import { createDynamoDbStore } from '../../adapters/dynamodb/store';
import { createJsonLogger } from '../../adapters/log/json-logger';
import { systemClock } from '../../ports/clock';
import type { MailTransport } from '../../ports/mailer';
import type { MailDeliveryDeps } from '../../services/mail/deliver-mail';
import type { MailFeedbackDeps } from '../../services/mail/mail-feedback';
import { AwsConfigError, type AwsEnvironment } from './config';

type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/**
 * The mail functions' dependencies: the store (deliverability lives on the user item), a logger and a clock,
 * and for the sending function the SES transport. They never sign tokens, so unlike the API functions they
 * read no JWT secret. Built on the first event of a cold start and reused; a failed build is retried.
 */
function mailDepsProvider<T>(build: (base: MailFeedbackDeps, env: AwsEnvironment) => T): () => Promise<T> {
  let cached: Promise<T> | undefined;
  return () => {
    cached ??= (async () => {
      const env = process.env;
      const tableName = env.TABLE_NAME;
      if (!tableName) throw new AwsConfigError('Invalid configuration: TABLE_NAME is required');
      const region = env.AWS_REGION || 'us-east-1';
      const level = LOG_LEVELS.find((candidate) => candidate === env.LOG_LEVEL) ?? 'info';
      const log = createJsonLogger({
        level,
        base: {
          stage: env.STAGE ?? 'dev',
          ...(env.AWS_LAMBDA_FUNCTION_NAME ? { fn: env.AWS_LAMBDA_FUNCTION_NAME } : {}),
        },
      });
      const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region, ...dynamoDbClientDefaults }));
      return build({ store: createDynamoDbStore({ client, tableName }), clock: systemClock, log }, env);
    })().catch((error: unknown) => {
      cached = undefined;
      throw error;
    });
    return cached;
  };
}

/** The bounce and complaint function's Deps. */
export const mailFeedbackDeps = () => mailDepsProvider((base) => base);

/** The mail-sending function's Deps: `transport` gets MAIL_FROM and MAIL_CONFIGURATION_SET. */
export const mailSenderDeps = (
  transport: (settings: { from: string; configurationSet?: string; region: string }) => MailTransport,
) =>
  mailDepsProvider((base, env): MailDeliveryDeps => {
    const from = env.MAIL_FROM?.trim();
    if (!from) throw new AwsConfigError('Invalid configuration: MAIL_FROM is required');
    return {
      ...base,
      transport: transport({
        from,
        region: env.AWS_REGION || 'us-east-1',
        ...(env.MAIL_CONFIGURATION_SET ? { configurationSet: env.MAIL_CONFIGURATION_SET } : {}),
      }),
    };
  });
