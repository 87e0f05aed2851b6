import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiSession, uniqueEmail } from '../support/api-session';
import type { TestServer } from '../support/lab-server';
import { createRecordingOutbox } from '../support/recording-outbox';
import { labWorlds } from './api-targets';

interface MeBody {
  email: string;
  emailDeliverability: string;
}

/**
 * What a user sees of mail deliverability: `GET /api/me` and the export say `ok` until a bounce or complaint
 * about the address arrives (SES through SNS, or the SMTP server's refusal), then say which, on every store the
 * lab runtime runs on.
 */
describe.each(labWorlds)('mail deliverability in the API ($name)', (world) => {
  let server: TestServer;
  const mail = createRecordingOutbox();

  beforeAll(async () => {
    server = await world.start({ mail });
  }, 90_000);
  afterAll(async () => {
    await server?.close();
  });

  it('shows ok, then bounced or complained in GET /api/me and in the export', async () => {
    const user = new ApiSession(server.url);
    const email = uniqueEmail('deliverability');
    await user.register(email);
    const before = await user.call<MeBody>('GET', '/api/me');
    expect(before.body.emailDeliverability).toBe('ok');

    await server.deps.store.emailDeliverability.markByEmail(email, 'bounced', new Date().toISOString());
    expect((await user.call<MeBody>('GET', '/api/me')).body.emailDeliverability).toBe('bounced');

    await server.deps.store.emailDeliverability.markByEmail(email, 'complained', new Date().toISOString());
    expect((await user.call<MeBody>('GET', '/api/me')).body.emailDeliverability).toBe('complained');
    const exported = await user.call<{ account: { emailDeliverability: string } }>('GET', '/api/me/export');
    expect(exported.body.account.emailDeliverability).toBe('complained');
  });
});
