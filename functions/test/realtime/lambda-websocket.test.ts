import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiGatewayNotifier } from '../../src/adapters/apigw/apigw-notifier';
import type { ServerEvent } from '../../src/contract/events';
import { ServiceUnavailableError } from '../../src/domain/errors';
import { realtimeRoutes } from '../../src/handlers/ws/realtime-routes';
import { createWsDispatcher, type WsLambdaHandler } from '../../src/handlers/ws/ws-dispatcher';
import type { WsEvent } from '../../src/handlers/ws/ws-route';
import type { MatchRecord } from '../../src/ports/matching';
import { issueRealtimeTicket } from '../../src/services/chat/realtime-service';
import type { Deps } from '../../src/services/deps';
import { listMatches } from '../../src/services/matches/match-service';
import { aConversation } from '../contract/chat-contract';
import { dynamoDbLocalUnavailableReason } from '../support/dynamodb-local';
import { type DynamoDbTestStore, openDynamoDbTestStore } from '../support/dynamodb-store';
import { fakeAwsClientConfig, startFakeManagementApi } from '../support/fake-management-api';
import { serviceDeps } from '../support/service-deps';

const unavailable = dynamoDbLocalUnavailableReason();

let requestCounter = 0;
/** The event API Gateway's WebSocket API sends the realtime function. */
function wsEvent(
  routeKey: string,
  connectionId: string,
  extra: { body?: string; ticket?: string } = {},
): WsEvent {
  const eventType =
    routeKey === '$connect' ? 'CONNECT' : routeKey === '$disconnect' ? 'DISCONNECT' : 'MESSAGE';
  const now = Date.now();
  requestCounter += 1;
  return {
    requestContext: {
      routeKey,
      eventType,
      messageId: `msg-${requestCounter}`,
      extendedRequestId: `req-${requestCounter}`,
      requestTime: new Date(now).toUTCString(),
      messageDirection: 'IN',
      stage: 'prod',
      connectedAt: now,
      requestTimeEpoch: now,
      requestId: `req-${requestCounter}`,
      domainName: 'abc123.execute-api.us-east-1.amazonaws.com',
      connectionId,
      apiId: 'abc123',
    },
    isBase64Encoded: false,
    ...(extra.body === undefined ? {} : { body: extra.body }),
    ...(extra.ticket === undefined ? {} : { queryStringParameters: { ticket: extra.ticket } }),
  };
}

/**
 * The AWS world without AWS: the realtime Lambda's dispatcher on DynamoDB Local, delivering through
 * PostToConnection to a local fake of the management API. What a client would receive is what the fake got.
 */
describe.skipIf(unavailable !== null)(
  `realtime Lambda on DynamoDB${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    let dynamo: DynamoDbTestStore;
    let api: Awaited<ReturnType<typeof startFakeManagementApi>>;
    let deps: Deps;
    let handler: WsLambdaHandler;
    let match: MatchRecord;

    beforeAll(async () => {
      dynamo = await openDynamoDbTestStore();
      api = await startFakeManagementApi('prod');
      const base = serviceDeps(dynamo.store);
      deps = {
        ...base,
        notifier: createApiGatewayNotifier({
          callbackUrl: api.callbackUrl,
          connections: dynamo.store.connections,
          clock: base.clock,
          log: base.log,
          clientConfig: fakeAwsClientConfig,
        }),
      };
      handler = createWsDispatcher(realtimeRoutes, async () => deps);
      match = await aConversation(dynamo.store);
    }, 90_000);
    afterAll(async () => {
      await api?.close();
      await dynamo?.dispose();
    });

    const invoke = (event: WsEvent) => handler(event, {});
    const connect = async (userId: string, connectionId: string) => {
      const { ticket } = await issueRealtimeTicket(deps, userId);
      expect(await invoke(wsEvent('$connect', connectionId, { ticket }))).toEqual({ statusCode: 200 });
      return ticket;
    };

    it('connects with a ticket once, delivers messages and acks, forgets gone connections, refuses unknown actions', async () => {
      const [ada, bo] = [match.userLow, match.userHigh];
      const ticket = await connect(ada, 'AdaConn0000000A=');
      expect(await invoke(wsEvent('$connect', 'AdaConn0000000B=', { ticket }))).toEqual({ statusCode: 401 });
      expect(await invoke(wsEvent('$connect', 'NoTicket000000C='))).toEqual({ statusCode: 401 });
      await connect(bo, 'BoConn00000000A=');
      await connect(bo, 'BoConnStale000B=');
      api.answer('BoConnStale000B=', 410);

      const frame = {
        action: 'sendMessage',
        conversationId: match.id,
        clientMessageId: 'c-1',
        text: 'hi Bo',
      };
      expect(
        await invoke(wsEvent('sendMessage', 'AdaConn0000000A=', { body: JSON.stringify(frame) })),
      ).toEqual({
        statusCode: 200,
      });
      const [ack] = api.eventsFor('AdaConn0000000A=') as [{ type: string; message: { id: string } }];
      expect(ack).toMatchObject({
        type: 'messageAck',
        clientMessageId: 'c-1',
        message: { text: 'hi Bo', senderId: ada },
      });
      expect(api.eventsFor('BoConn00000000A=')).toEqual([{ type: 'message', message: ack.message }]);
      const now = new Date().toISOString();
      expect(await dynamo.store.connections.get('BoConnStale000B=', now)).toBeNull();
      expect(await dynamo.store.connections.get('BoConn00000000A=', now)).not.toBeNull();

      const unknown = await invoke(wsEvent('$default', 'AdaConn0000000A=', { body: '{"action":"dance"}' }));
      expect(unknown.statusCode).toBe(400);
      expect(api.eventsFor('AdaConn0000000A=').at(-1)).toMatchObject({
        type: 'error',
        code: 'validation_failed',
      });
      const big = JSON.stringify({ ...frame, clientMessageId: 'c-2', text: 'x'.repeat(40_000) });
      await invoke(wsEvent('sendMessage', 'AdaConn0000000A=', { body: big }));
      expect(api.eventsFor('AdaConn0000000A=').at(-1)).toMatchObject({
        type: 'error',
        code: 'payload_too_large',
        clientMessageId: 'c-2',
      });
      await invoke(wsEvent('ping', 'BoConn00000000A=', { body: '{"action":"ping"}' }));
      expect(api.eventsFor('BoConn00000000A=').at(-1)).toEqual({ type: 'pong' });

      expect(await invoke(wsEvent('$disconnect', 'BoConn00000000A='))).toEqual({ statusCode: 200 });
      expect(await dynamo.store.connections.listByUsers([bo], new Date().toISOString())).toEqual([]);
    });

    it('lists matches with last message and unread count without a request per match', async () => {
      const viewer = match.userHigh;
      dynamo.resetRequests();
      const page = await listMatches(deps, viewer, {});
      expect(page.items[0]).toMatchObject({
        matchId: match.id,
        lastMessage: { text: 'hi Bo' },
        unreadCount: 1,
      });
      // Profile, the GSI2 Query, the other sides' profiles, their photos: nothing per match.
      expect(dynamo.requests()).toEqual([
        'GetItemCommand',
        'QueryCommand',
        'BatchGetItemCommand',
        'BatchGetItemCommand',
      ]);
    });

    it("acks a frame on its own connection once, the sender's other connections through the fan-out, and survives a failing connection lookup", async () => {
      const [ada, bo] = [match.userLow, match.userHigh];
      await connect(ada, 'AdaPhone000000A=');
      await connect(ada, 'AdaLaptop00000A=');
      await connect(bo, 'BoTablet000000A=');
      const send = (connectionId: string, clientMessageId: string) =>
        invoke(
          wsEvent('sendMessage', connectionId, {
            body: JSON.stringify({
              action: 'sendMessage',
              conversationId: match.id,
              clientMessageId,
              text: 'x',
            }),
          }),
        );

      expect(await send('AdaPhone000000A=', 'c-many')).toEqual({ statusCode: 200 });
      const acks = (connectionId: string, clientMessageId: string) =>
        api.eventsFor(connectionId).filter((event) => {
          const answer = event as ServerEvent;
          return answer.type === 'messageAck' && answer.clientMessageId === clientMessageId;
        });
      expect(acks('AdaPhone000000A=', 'c-many')).toHaveLength(1);
      expect(acks('AdaLaptop00000A=', 'c-many')).toHaveLength(1);
      expect(api.eventsFor('BoTablet000000A=').at(-1)).toMatchObject({ type: 'message' });

      // The store fails right after the message was stored: the lookups of the fan-out fail (logged, best
      // effort), and the sending connection still gets its ack, addressed by the frame's connection id.
      const failingDeps: Deps = {
        ...deps,
        notifier: createApiGatewayNotifier({
          callbackUrl: api.callbackUrl,
          connections: {
            ...dynamo.store.connections,
            listByUsers: () => Promise.reject(new ServiceUnavailableError()),
          },
          clock: deps.clock,
          log: deps.log,
          clientConfig: fakeAwsClientConfig,
        }),
      };
      const failing = createWsDispatcher(realtimeRoutes, async () => failingDeps);
      const body = JSON.stringify({
        action: 'sendMessage',
        conversationId: match.id,
        clientMessageId: 'c-lookup-fails',
        text: 'still acked',
      });
      expect(await failing(wsEvent('sendMessage', 'AdaPhone000000A=', { body }), {})).toEqual({
        statusCode: 200,
      });
      expect(acks('AdaPhone000000A=', 'c-lookup-fails')).toEqual([
        expect.objectContaining({ message: expect.objectContaining({ text: 'still acked' }) }),
      ]);
      expect(acks('AdaLaptop00000A=', 'c-lookup-fails')).toEqual([]);
      const stored = await dynamo.store.conversations.list(match.id, { limit: 50 });
      expect(stored.filter((message) => message.clientMessageId === 'c-lookup-fails')).toEqual([
        expect.objectContaining({ senderId: ada, text: 'still acked' }),
      ]);
      for (const id of ['AdaPhone000000A=', 'AdaLaptop00000A=', 'BoTablet000000A=']) {
        await invoke(wsEvent('$disconnect', id));
      }
    });
  },
);
