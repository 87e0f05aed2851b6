import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiSession, errorCode, uniqueEmail } from '../support/api-session';
import { apiTargets, type RunningApi } from './api-targets';

/**
 * What a route does with a body it has no schema for, in every world: the lab gateway refuses it before reading
 * it, and the handlers' middleware (all API Gateway gives Lambda) refuses it too, with the same answer.
 */
describe.each(apiTargets)('request bodies ($name)', (target) => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await target.start();
  });
  afterAll(async () => {
    await api?.close();
  });

  it('answers 413 payload_too_large to a body on a route that takes none, and runs it without one', async () => {
    const user = new ApiSession(api.url, api.fetch);
    expect((await user.register(uniqueEmail('bodies'))).status).toBe(201);
    const refused = await user.call('POST', '/api/realtime/ticket', { body: { extra: 'field' } });
    expect(refused.status).toBe(413);
    expect(errorCode(refused)).toBe('payload_too_large');
    expect((await user.call('POST', '/api/realtime/ticket')).status).toBe(200);
  });

  it('answers 413 payload_too_large to a JSON body over 64 KB', async () => {
    const response = await new ApiSession(api.url, api.fetch).call('POST', '/api/auth/login', {
      body: { email: 'someone@example.com', password: 'x'.repeat(64 * 1024) },
    });
    expect(response.status).toBe(413);
    expect(errorCode(response)).toBe('payload_too_large');
  });
});
