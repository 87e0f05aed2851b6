import { fromEnv } from '@aws-sdk/credential-provider-env';
import { fromHttp } from '@aws-sdk/credential-provider-http';
import type { DefaultProviderInit } from '@aws-sdk/credential-provider-node';
import type { AwsCredentialIdentity, AwsIdentityProperties } from '@aws-sdk/types';
import { CredentialsProviderError, chain } from '@smithy/core/config';

/**
 * Stands in for `@aws-sdk/credential-provider-node` in the Lambda bundles (esbuild `alias`, see
 * functions/scripts/lambda-bundling.ts). Lambda hands every function its role's credentials in environment
 * variables, so the SDK's default chain always ends at its first link there; the links after it (SSO, INI
 * files, credential processes, web identity, EC2 metadata) bundle the STS, SSO and sign-in clients: about a
 * third of the DynamoDB client's bundle, parsed on every cold start for nothing. This keeps the environment
 * and the container credential endpoint (`AWS_CONTAINER_CREDENTIALS_*`), and fails like the SDK's chain
 * when neither is there. Same exports, same semantics for what it keeps: credentials are cached and
 * refreshed when they have less than five minutes left (or on `forceRefresh`).
 */

type Options = AwsIdentityProperties & { forceRefresh?: boolean };

export const credentialsWillNeedRefresh = (credentials: AwsCredentialIdentity): boolean =>
  credentials.expiration !== undefined;

export const credentialsTreatedAsExpired = (credentials: AwsCredentialIdentity): boolean =>
  credentials.expiration !== undefined && credentials.expiration.getTime() - Date.now() < 300_000;

const fromContainer = (init: DefaultProviderInit) => async (): Promise<AwsCredentialIdentity> => {
  if (process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI || process.env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI) {
    return fromHttp(init)();
  }
  throw new CredentialsProviderError('Could not load credentials from any providers', {
    tryNextLink: false,
    ...(init.logger === undefined ? {} : { logger: init.logger }),
  });
};

export const defaultProvider = (init: DefaultProviderInit = {}) => {
  const resolve = chain(fromEnv(init), fromContainer(init));
  let credentials: AwsCredentialIdentity | undefined;
  let pending: Promise<AwsCredentialIdentity> | undefined;
  const refresh = () => {
    pending ??= resolve()
      .then((resolved) => {
        credentials = resolved;
        return resolved;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
  return async (options?: Options): Promise<AwsCredentialIdentity> =>
    options?.forceRefresh || credentials === undefined || credentialsTreatedAsExpired(credentials)
      ? refresh()
      : credentials;
};
