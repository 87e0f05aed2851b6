/**
 * Where a service is: the SDK's own endpoint variables first (`AWS_ENDPOINT_URL_<SERVICE ID>`, then
 * `AWS_ENDPOINT_URL`: tests, LocalStack), else the regional AWS endpoint.
 */
export function serviceEndpoint(serviceId: string, awsHost: string, env = process.env): URL {
  return new URL(configuredEndpoint(serviceId, env) ?? `https://${awsHost}`);
}

/** The endpoint the SDK's variables configure for a service, if any. */
export const configuredEndpoint = (serviceId: string, env = process.env): string | undefined =>
  env[`AWS_ENDPOINT_URL_${serviceId.toUpperCase().replace(/ /g, '_')}`] || env.AWS_ENDPOINT_URL || undefined;
