import { describe, expect, it } from 'vitest';
import { serviceEndpoint } from '../../src/adapters/aws/signed-request';

/**
 * The signed requests of adapters/aws/signed-request.ts (S3 only now; on the wire, signing and retries in
 * test/blobs/s3-signed-blob-store.test.ts) find their endpoint as the SDK clients do.
 */
describe('AWS calls through signed requests', () => {
  it('finds endpoints the way the SDK does: service variable, then the global one, then AWS', () => {
    expect(serviceEndpoint('S3', 's3.eu-west-1.amazonaws.com', {}).href).toBe(
      'https://s3.eu-west-1.amazonaws.com/',
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
});
