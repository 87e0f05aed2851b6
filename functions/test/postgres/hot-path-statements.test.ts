import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore, type SqlClient } from '../../src/adapters/postgres';
import { createPostgresStore } from '../../src/adapters/postgres/store';
import { toLambdaHandler } from '../../src/handlers/http/lambda-handler';
import type { Store } from '../../src/ports/repositories';
import { httpRoutes } from '../../src/routes';
import { buildHttpApiEvent } from '../../src/runtime/lab/api-gateway-event';
import { issueAccessToken } from '../../src/services/auth/access-tokens';
import { aConversation, aMessage } from '../contract/chat-contract';
import { aProfile, aUser } from '../contract/fixtures';
import { serviceDeps } from '../support/service-deps';

/**
 * Round trips are what a request costs on a real server: these count the statements the hot paths send. A
 * transaction counts its BEGIN and COMMIT too.
 */
function countingClient(inner: SqlClient, statements: string[]): SqlClient {
  return {
    query: (text, params) => {
      statements.push(text);
      return inner.query(text, params);
    },
    transaction: async (fn) => {
      statements.push('BEGIN');
      const result = await inner.transaction((tx) => fn(countingClient(tx, statements)));
      statements.push('COMMIT');
      return result;
    },
    listen: (channel, onNotification) => inner.listen(channel, onNotification),
    close: () => inner.close(),
  };
}

describe('statements per request on the PostgreSQL store (PGlite)', () => {
  const statements: string[] = [];
  let client: SqlClient;
  let store: Store;

  beforeAll(async () => {
    ({ client } = await openPostgresStore());
    store = createPostgresStore(countingClient(client, statements));
  });
  afterAll(async () => {
    await client?.close();
  });

  const counted = async <T>(work: () => Promise<T>): Promise<{ result: T; statements: string[] }> => {
    statements.length = 0;
    const result = await work();
    return { result, statements: [...statements] };
  };

  it('GET /api/me reads the account once (authentication) and the profile once: two statements', async () => {
    const deps = serviceDeps(store);
    const user = aUser();
    await store.users.create(user);
    await store.profiles.put(aProfile(user.id, { displayName: 'Grace' }));
    const token = await issueAccessToken(
      deps.config.auth,
      { userId: user.id, sessionId: 'session' },
      new Date(),
    );
    const route = httpRoutes.find((candidate) => candidate.method === 'GET' && candidate.path === '/api/me');
    if (!route) throw new Error('GET /api/me is not routed');
    const handler = toLambdaHandler(route, async () => deps);
    const event = buildHttpApiEvent(
      {
        method: 'GET',
        path: '/api/me',
        rawQueryString: '',
        rawHeaders: ['host', 'api.example.test', 'authorization', `Bearer ${token}`],
        httpVersion: '1.1',
        body: Buffer.alloc(0),
        client: { sourceIp: '203.0.113.7', protocol: 'https', port: '443', forwardedFor: '203.0.113.7' },
        requestId: 'me-statements',
        receivedAt: new Date(),
      },
      { route, routeKey: 'GET /api/me' },
    );

    const { result, statements: sent } = await counted(() => handler(event, {}));

    expect(result.statusCode).toBe(200);
    expect(JSON.parse(String(result.body))).toEqual({
      id: user.id,
      email: user.email,
      createdAt: user.createdAt,
      profileComplete: true,
      displayName: 'Grace',
      emailDeliverability: 'ok',
      emailVerified: false,
      pendingEmail: null,
      emailVerificationRequired: false,
    });
    expect(sent).toHaveLength(2);
  });

  it('storing a message is one statement, a retry of it too', async () => {
    const conversation = await aConversation(store);
    const message = aMessage(conversation, conversation.userLow);
    const first = await counted(() => store.conversations.send(conversation, message));
    expect(first.result).toEqual({ status: 'created', message });
    expect(first.statements).toHaveLength(1);
    const retry = aMessage(conversation, conversation.userLow, { clientMessageId: message.clientMessageId });
    const again = await counted(() => store.conversations.send(conversation, retry));
    expect(again.result).toEqual({ status: 'duplicate', message });
    expect(again.statements).toHaveLength(1);
  });
});
