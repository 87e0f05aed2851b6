import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiGatewayNotifier, managementEndpoint } from '../../src/adapters/apigw/apigw-notifier';
import { createJsonLogger } from '../../src/adapters/log/json-logger';
import { openPostgresStore } from '../../src/adapters/postgres';
import type { Store } from '../../src/ports/repositories';
import { aUser } from '../contract/fixtures';
import { fakeAwsClientConfig, startFakeManagementApi } from '../support/fake-management-api';

describe('API Gateway notifier (PostToConnection against a local management API)', () => {
  let store: Store;
  let api: Awaited<ReturnType<typeof startFakeManagementApi>>;
  const logs: string[] = [];
  const now = () => new Date();

  beforeAll(async () => {
    store = (await openPostgresStore()).store;
    api = await startFakeManagementApi('prod');
  }, 60_000);
  afterAll(async () => {
    await api?.close();
    await store?.close();
  });

  const notifier = () =>
    createApiGatewayNotifier({
      callbackUrl: api.callbackUrl,
      connections: store.connections,
      clock: { now },
      log: createJsonLogger({ level: 'debug', write: (line) => logs.push(line) }),
      clientConfig: fakeAwsClientConfig,
    });

  const connectionOf = async (userId: string, id: string) => {
    const at = now();
    const connection = {
      id,
      userId,
      connectedAt: at.toISOString(),
      expiresAt: new Date(at.getTime() + 7_200_000).toISOString(),
    };
    await store.connections.add(connection);
    return connection;
  };

  const newUser = async () => {
    const user = aUser();
    await store.users.create(user);
    return user.id;
  };

  it('posts to every connection of the recipients, deletes the ones that answer 410, and does not fail', async () => {
    const [ada, bo] = [await newUser(), await newUser()];
    // Connection ids as API Gateway makes them: base64, with '=' and possibly '/' or '+'.
    const adaPhone = await connectionOf(ada, 'L0SM9cOFvHcCIhw=');
    const adaStale = await connectionOf(ada, 'Ab+/9cOFvHcZZZw=');
    const boLaptop = await connectionOf(bo, 'Xy12ab34cd56EFg=');
    api.answer(adaStale.id, 410);

    const event = { type: 'unmatched', matchId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' } as const;
    await expect(notifier().publish([ada, bo], event)).resolves.toBeUndefined();

    expect(api.eventsFor(adaPhone.id)).toEqual([event]);
    expect(api.eventsFor(boLaptop.id)).toEqual([event]);
    expect(api.eventsFor(adaStale.id)).toEqual([]);
    expect(await store.connections.get(adaStale.id, now().toISOString())).toBeNull();
    expect((await store.connections.listByUsers([ada], now().toISOString())).map((c) => c.id)).toEqual([
      adaPhone.id,
    ]);
    expect(api.posted.find((frame) => frame.connectionId === adaPhone.id)?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 /,
    );
  });

  it('closes the connections of ended sessions with DeleteConnection, and only those', async () => {
    const ada = await newUser();
    const at = now();
    const opened = (id: string, sessionId: string) => ({
      id,
      userId: ada,
      sessionId,
      connectedAt: at.toISOString(),
      expiresAt: new Date(at.getTime() + 7_200_000).toISOString(),
    });
    const phone = opened('Ph0neConnId0000=', 'ended-session');
    const laptop = opened('L4ptopConnId000=', 'kept-session');
    await store.connections.add(phone);
    await store.connections.add(laptop);

    await notifier().disconnectSessions(ada, ['ended-session']);

    expect(api.deleted).toEqual([phone.id]);
    expect(api.deleted.length).toBe(1);
    expect(await store.connections.get(phone.id, now().toISOString())).toBeNull();
    expect(await store.connections.get(laptop.id, now().toISOString())).not.toBeNull();
  });

  it('keeps a connection on other failures, and never throws', async () => {
    const ada = await newUser();
    const flaky = await connectionOf(ada, 'Fl4kyConnId0000=');
    api.answer(flaky.id, 500);
    await expect(notifier().publish([ada], { type: 'pong' })).resolves.toBeUndefined();
    expect(await store.connections.get(flaky.id, now().toISOString())).not.toBeNull();
    expect(logs.some((line) => line.includes('could not deliver an event'))).toBe(true);
  });

  it('answers one connection (pong, error) and forgets it when it is gone', async () => {
    const ada = await newUser();
    const live = await connectionOf(ada, 'Live0000Conn000=');
    const gone = await connectionOf(ada, 'Gone0000Conn000=');
    api.answer(gone.id, 410);
    await notifier().sendToConnection(live.id, { type: 'pong' });
    await notifier().sendToConnection(gone.id, { type: 'pong' });
    expect(api.eventsFor(live.id)).toEqual([{ type: 'pong' }]);
    expect(await store.connections.get(gone.id, now().toISOString())).toBeNull();
    expect(await store.connections.get(live.id, now().toISOString())).not.toBeNull();
  });

  it('does nothing for users without connections, and survives an unreachable endpoint', async () => {
    const ada = await newUser();
    await expect(notifier().publish([ada], { type: 'pong' })).resolves.toBeUndefined();
    const unreachable = createApiGatewayNotifier({
      callbackUrl: 'http://127.0.0.1:1/prod',
      connections: store.connections,
      clock: { now },
      log: createJsonLogger({ level: 'error', write: () => {} }),
      clientConfig: fakeAwsClientConfig,
    });
    const kept = await connectionOf(ada, 'Unreach0Conn000=');
    await expect(unreachable.publish([ada], { type: 'pong' })).resolves.toBeUndefined();
    expect(await store.connections.get(kept.id, now().toISOString())).not.toBeNull();
  });
  it("honours the SDK's endpoint variables for the management API, keeping the callback URL's stage", async () => {
    const ada = await newUser();
    const phone = await connectionOf(ada, 'Qm9vdGggMQ==');
    const origin = new URL(api.callbackUrl).origin;
    const deployed = createApiGatewayNotifier({
      // What the CDK app writes into WEBSOCKET_CALLBACK_URL: the real execute-api host.
      callbackUrl: 'https://abc123defg.execute-api.eu-west-1.amazonaws.com/prod',
      connections: store.connections,
      clock: { now },
      log: createJsonLogger({ level: 'debug', write: (line) => logs.push(line) }),
      clientConfig: fakeAwsClientConfig,
      env: { AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI: origin },
    });
    const event = { type: 'unmatched', matchId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' } as const;
    await deployed.publish([ada], event);
    expect(api.eventsFor(phone.id)).toEqual([event]);
    expect(managementEndpoint('https://x.execute-api.eu-west-1.amazonaws.com/ws/', {})).toBe(
      'https://x.execute-api.eu-west-1.amazonaws.com/ws',
    );
    expect(
      managementEndpoint('https://x.execute-api.eu-west-1.amazonaws.com/ws', {
        AWS_ENDPOINT_URL: 'http://127.0.0.1:9/',
      }),
    ).toBe('http://127.0.0.1:9/ws');
  });
});
