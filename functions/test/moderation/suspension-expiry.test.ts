import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/adapters/postgres';
import type { Store } from '../../src/ports/repositories';
import { login, register } from '../../src/services/auth/auth-service';
import { authenticateCaller } from '../../src/services/auth/authenticate-caller';
import { takeAction } from '../../src/services/moderation/moderation-actions';
import { putProfile } from '../../src/services/profiles/profile-service';
import { aProfileInput } from '../support/api-session';
import { dynamoDbLocalUnavailableReason } from '../support/dynamodb-local';
import { openDynamoDbTestStore } from '../support/dynamodb-store';
import { serviceDeps } from '../support/service-deps';

const actor = { sourceIp: '127.0.0.1', userAgent: 'test' };
const PASSWORD = 'correct horse battery staple';
const DAY = 24 * 3600 * 1000;

const stores: { name: string; open: () => Promise<{ store: Store; dispose: () => Promise<void> }> }[] = [
  {
    name: 'PGlite',
    open: async () => {
      const { store } = await openPostgresStore();
      return { store, dispose: () => store.close() };
    },
  },
  ...(dynamoDbLocalUnavailableReason() === null
    ? [
        {
          name: 'DynamoDB Local',
          open: async () => {
            const opened = await openDynamoDbTestStore();
            return { store: opened.store, dispose: opened.dispose };
          },
        },
      ]
    : []),
];

describe.each(stores)('a suspension ends by itself ($name)', ({ open }) => {
  let store: Store;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ store, dispose } = await open());
  }, 60_000);
  afterAll(async () => {
    await dispose?.();
  });

  it('refuses login until the end date; the next login after it restores the account and the profile', async () => {
    let now = new Date('2026-12-01T10:00:00.000Z');
    const deps = serviceDeps(store, { now: () => now });
    const email = `expiry-${Date.now()}@example.test`;
    const user = await register(deps, { email, password: PASSWORD }, actor);
    await putProfile(deps, user.user.id, aProfileInput() as Parameters<typeof putProfile>[2]);
    const staff = await register(deps, { email: `staff-${email}`, password: PASSWORD }, actor);
    await store.moderation.setRole(staff.user.id, 'moderator');
    const staffAccount = await store.users.findById(staff.user.id);
    if (!staffAccount) throw new Error('fixture');
    await takeAction(
      deps,
      { userId: staff.user.id, sessionId: 'x', role: 'moderator', account: staffAccount },
      user.user.id,
      { action: 'suspend', days: 2, note: 'Two days' },
      actor,
    );
    expect((await store.profiles.get(user.user.id))?.visibility).toBe('restricted');
    await expect(login(deps, { email, password: PASSWORD }, actor)).rejects.toMatchObject({
      code: 'account_suspended',
      details: { until: '2026-12-03T10:00:00.000Z' },
    });
    await expect(authenticateCaller(deps, user.accessToken)).rejects.toMatchObject({ code: 'unauthorized' });

    now = new Date(now.getTime() + 2 * DAY + 1000);
    const session = await login(deps, { email, password: PASSWORD }, actor);
    expect((await authenticateCaller(deps, session.accessToken)).userId).toBe(user.user.id);
    expect((await store.users.findById(user.user.id))?.status).toBe('active');
    expect((await store.profiles.get(user.user.id))?.visibility).toBeUndefined();
  });
});
