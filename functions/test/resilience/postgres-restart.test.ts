import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { openPostgresStore, pgPoolClient } from '../../src/adapters/postgres';
import { reportStoreUnavailable } from '../../src/adapters/postgres/store-unavailable';
import type { Message, MessagePage } from '../../src/contract/chat';
import type { ServerEvent } from '../../src/contract/events';
import { ServiceUnavailableError } from '../../src/domain/errors';
import { type ApiResponse, errorCode } from '../support/api-session';
import { cmid, type MatchedPair, matchedPairOverApi } from '../support/chat-fixtures';
import { startTestServer, type TestServer } from '../support/lab-server';
import {
  startThrowawayPostgres,
  type ThrowawayPostgres,
  throwawayPostgresSkipReason,
} from '../support/throwaway-postgres';
import { connectRealtime, type TestSocket } from '../support/ws-client';

/**
 * PostgreSQL restarts while two lab replicas serve traffic (REST sends, WebSocket sends, `/api/me`,
 * probes). Its own throwaway cluster is stopped (`pg_ctl -m fast`) and started again; the shared server at
 * DATABASE_URL is never touched.
 */
const skipReason = throwawayPostgresSkipReason();

/** The longest any request may take, down or not: the connect timeout (5 s) plus a margin. */
const REQUEST_BOUND_MS = 7_000;
/** A request still unanswered after this long counts as hung (recorded, and the test fails). */
const HANG_MS = 15_000;
/**
 * Every WebSocket frame gets its `messageAck` or `error` on the connection that sent it, even when PostgreSQL
 * goes away between storing the message and the fan-out's connection lookup (the ack needs no lookup). A
 * frame still unanswered after this long counts as hung, like a request.
 */
const WS_ANSWER_TIMEOUT_MS = HANG_MS;
/**
 * How long PostgreSQL stays down while the traffic goes on: at least this long, and until every kind of
 * request has been answered while it was down, but no longer than MAX_OUTAGE_MS.
 */
const OUTAGE_MS = 3_000;
const MAX_OUTAGE_MS = 15_000;
const PROBES = ['send-rest', 'send-ws', 'me', 'readyz', 'healthz'] as const;
/** After the restart: /readyz is 200 again and a live message crosses replicas within this long. */
const RECOVERY_BOUND_MS = 10_000;
const PAUSE_MS = 40;

interface Outcome {
  probe: 'send-rest' | 'send-ws' | 'me' | 'readyz' | 'healthz';
  replica: string;
  startedAt: number;
  endedAt: number;
  /** HTTP status; for WebSocket sends 200 (messageAck) or the error event's code as 'ws:<code>'. */
  status: number | string;
  /** Error envelope code (or the probe's status field), when the answer had one. */
  code?: string;
  text: string;
  /** Of a send. */
  clientMessageId?: string;
}

const now = () => performance.now();

async function request(
  baseUrl: string,
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
): Promise<ApiResponse> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(HANG_MS),
  });
  const text = await response.text();
  const parsed: unknown =
    response.headers.get('content-type')?.includes('json') && text ? JSON.parse(text) : text;
  return { status: response.status, headers: response.headers, body: parsed, text };
}

/** The error code of an error envelope (asserting there is one and no stack trace in it), else undefined. */
function codeOf(response: ApiResponse): string | undefined {
  if (response.status < 400) return undefined;
  const body = response.body as { status?: unknown };
  if (typeof body === 'object' && body !== null && typeof body.status === 'string') return body.status;
  return errorCode(response);
}

interface Sender {
  label: string;
  replica: string;
  send(
    clientMessageId: string,
    text: string,
  ): Promise<{ status: number | string; code?: string; text: string; message?: Message }>;
}

/** REST or WebSocket senders, probes per replica, all recording every outcome, until stop(). */
function startTraffic(senders: Sender[], probes: Array<{ replica: string; url: string; token: string }>) {
  const outcomes: Outcome[] = [];
  /** clientMessageId -> its text and sender, for every message ever attempted. */
  const attempted = new Map<string, { text: string; sender: Sender }>();
  let retries = 0;
  /** clientMessageId -> the message acknowledged (2xx or messageAck). */
  const acked = new Map<string, Message & { ackedAt: number }>();
  const pending: Array<{ sender: Sender; clientMessageId: string; text: string }> = [];
  let running = true;

  const record = async (
    probe: Outcome['probe'],
    replica: string,
    work: () => Promise<{ status: number | string; code?: string; text: string }>,
  ) => {
    const startedAt = now();
    let result: { status: number | string; code?: string; text: string };
    try {
      result = await work();
    } catch (error) {
      result = { status: `failed: ${error instanceof Error ? error.message : String(error)}`, text: '' };
    }
    const outcome: Outcome = { probe, replica, startedAt, endedAt: now(), ...result };
    outcomes.push(outcome);
    return outcome;
  };

  const sendLoop = async (sender: Sender) => {
    let current: { clientMessageId: string; text: string } | null = null;
    let count = 0;
    while (running) {
      // A client retries a failed send with the same clientMessageId until it is acknowledged.
      if (current === null) {
        count += 1;
        current = { clientMessageId: cmid(sender.label), text: `${sender.label} #${count}` };
        attempted.set(current.clientMessageId, { text: current.text, sender });
      } else {
        retries += 1;
      }
      const { clientMessageId, text } = current;
      let message: Message | undefined;
      const outcome = await record(
        sender.label.startsWith('ws') ? 'send-ws' : 'send-rest',
        sender.replica,
        async () => {
          const sent = await sender.send(clientMessageId, text);
          message = sent.message;
          return sent;
        },
      );
      outcome.clientMessageId = clientMessageId;
      if (message) {
        acked.set(clientMessageId, { ...message, ackedAt: outcome.endedAt });
        current = null;
      }
      await sleep(PAUSE_MS);
    }
    if (current) pending.push({ sender, ...current });
  };

  const probeLoop = async (probe: { replica: string; url: string; token: string }) => {
    const checks = [
      ['readyz', '/readyz', null],
      ['healthz', '/healthz', null],
      ['readyz', '/readyz', null],
      ['me', '/api/me', probe.token],
    ] as const;
    for (let index = 0; running; index += 1) {
      const [name, path, token] = checks[index % checks.length] ?? checks[0];
      await record(name, probe.replica, async () => {
        const response = await request(probe.url, 'GET', path, token);
        return { status: response.status, code: codeOf(response), text: response.text };
      });
      await sleep(PAUSE_MS);
    }
  };

  const loops = [...senders.map(sendLoop), ...probes.map(probeLoop)];
  return {
    outcomes,
    attempted,
    acked,
    pending,
    /** Sends repeated with the clientMessageId of one that failed. */
    get retries() {
      return retries;
    },
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

/** Sends over a WebSocket and waits for the frame's messageAck or error event (matched by clientMessageId). */
function webSocketSender(socket: TestSocket, conversationId: string, replica: string): Sender {
  const waiting = new Map<string, (event: ServerEvent) => void>();
  socket.socket.on('message', (data: WebSocket.RawData) => {
    const event = JSON.parse(data.toString()) as ServerEvent;
    if ((event.type === 'messageAck' || event.type === 'error') && event.clientMessageId !== undefined) {
      waiting.get(event.clientMessageId)?.(event);
    }
  });
  return {
    label: 'ws-a',
    replica,
    send: (clientMessageId, text) =>
      new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiting.delete(clientMessageId);
          resolve({ status: 'ws:no answer', text: '' });
        }, WS_ANSWER_TIMEOUT_MS);
        waiting.set(clientMessageId, (event) => {
          clearTimeout(timer);
          waiting.delete(clientMessageId);
          if (event.type === 'messageAck') resolve({ status: 200, text: '', message: event.message });
          else if (event.type === 'error')
            resolve({ status: `ws:${event.code}`, code: event.code, text: event.message });
        });
        socket.send({ action: 'sendMessage', conversationId, clientMessageId, text });
      }),
  };
}

function restSender(
  label: string,
  replica: string,
  url: string,
  token: string,
  conversationId: string,
): Sender {
  return {
    label,
    replica,
    async send(clientMessageId, text) {
      const response = await request(url, 'POST', `/api/conversations/${conversationId}/messages`, token, {
        clientMessageId,
        text,
      });
      const message =
        response.status === 200 || response.status === 201
          ? (response.body as { message: Message }).message
          : undefined;
      return {
        status: response.status,
        code: codeOf(response),
        text: response.text,
        ...(message ? { message } : {}),
      };
    },
  };
}

async function allMessages(url: string, token: string, conversationId: string): Promise<Message[]> {
  const messages: Message[] = [];
  let before: string | null = null;
  do {
    const query: string = `?limit=50${before ? `&before=${before}` : ''}`;
    const page = await request(url, 'GET', `/api/conversations/${conversationId}/messages${query}`, token);
    expect(page.status, page.text).toBe(200);
    const body = page.body as MessagePage;
    messages.push(...body.items);
    before = body.nextCursor;
  } while (before !== null);
  return messages;
}

/** Sends from `from` until `to`'s socket gets one of them live (the LISTEN session may still be reconnecting). */
async function timeUntilLiveDelivery(
  from: { url: string; token: string; label: string },
  to: TestSocket,
  conversationId: string,
  deadlineMs: number,
): Promise<number> {
  const started = now();
  for (let attempt = 1; now() - started < deadlineMs; attempt += 1) {
    const sent = await request(
      from.url,
      'POST',
      `/api/conversations/${conversationId}/messages`,
      from.token,
      {
        clientMessageId: cmid(`${from.label}-live`),
        text: `${from.label} live check ${attempt}`,
      },
    );
    expect(sent.status, sent.text).toBe(201);
    const { id } = (sent.body as { message: Message }).message;
    const received = await to
      .next('message', (event) => event.message.id === id, 1_000)
      .then(() => true)
      .catch(() => false);
    if (received) return now() - started;
  }
  throw new Error(`no live delivery to ${from.label}'s peer within ${deadlineMs} ms of recovery`);
}

describe.skipIf(skipReason !== null)(
  `a PostgreSQL restart during traffic${skipReason === null ? '' : ` (${skipReason})`}`,
  () => {
    let db: ThrowawayPostgres | undefined;
    const replicas: TestServer[] = [];
    const sockets: TestSocket[] = [];
    const logs: string[] = [];

    beforeAll(async () => {
      db = await startThrowawayPostgres();
      for (const name of ['one', 'two']) {
        const { store } = await openPostgresStore({ databaseUrl: db.url });
        replicas.push(
          await startTestServer({
            store,
            env: { DATABASE_URL: db.url, LOG_LEVEL: 'warn' },
            logWrite: (line) => logs.push(`${name} ${line}`),
            // The senders resend every attempted message back to back after the restart, faster than a
            // connection's 20 frames a second: this test is about the store, the frame limit has its own
            // (functions/test/realtime/frame-limits.test.ts).
            websocket: { frameRate: { ratePerSecond: 100_000, burst: 100_000 } },
          }),
        );
      }
    }, 120_000);

    afterAll(async () => {
      await Promise.all(sockets.map((socket) => socket.close()));
      for (const replica of replicas) await replica.close();
      await db?.destroy();
    }, 60_000);

    it('survives the server ending a session in the middle of a transaction', async () => {
      if (!db) throw new Error('PostgreSQL did not start');
      const client = pgPoolClient(db.url);
      const admin = pgPoolClient(db.url);
      try {
        const failure = await reportStoreUnavailable(client)
          .transaction(async (tx) => {
            const { rows } = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
            await admin.query('SELECT pg_terminate_backend($1)', [rows[0]?.pid]);
            // The server's FATAL message and the end of the socket arrive while no query is running: an
            // 'error' event of a checked-out client that nobody listens to would crash the process here.
            await sleep(300);
            await tx.query('SELECT 1');
          })
          .catch((error: unknown) => error);
        expect(failure).toBeInstanceOf(ServiceUnavailableError);
        // The broken connection was dropped: the pool serves the next query on a fresh one.
        expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      } finally {
        await client.close();
        await admin.close();
      }
    });

    it('fails readiness and answers 503 while down, loses no acknowledged message, and recovers', async () => {
      const [one, two] = replicas;
      if (!db || !one || !two) throw new Error('the replicas did not start');
      // Ada uses replica one, Bo replica two: whatever one sends the other gets over LISTEN/NOTIFY.
      const pair: MatchedPair = await matchedPairOverApi(one.url, two.url);
      const aToken = pair.a.accessToken ?? '';
      const bToken = pair.b.accessToken ?? '';
      const aSocket = await connectRealtime(one.url, pair.a);
      const bSocket = await connectRealtime(two.url, pair.b);
      sockets.push(aSocket, bSocket);
      const a = { url: one.url, token: aToken, label: 'ada' };
      const b = { url: two.url, token: bToken, label: 'bo' };
      expect(await timeUntilLiveDelivery(a, bSocket, pair.matchId, 5_000)).toBeLessThan(5_000);

      const traffic = startTraffic(
        [
          restSender('rest-a', 'one', one.url, aToken, pair.matchId),
          restSender('rest-b', 'two', two.url, bToken, pair.matchId),
          webSocketSender(aSocket, pair.matchId, 'one'),
        ],
        [
          { replica: 'one', url: one.url, token: aToken },
          { replica: 'two', url: two.url, token: bToken },
        ],
      );
      const t0 = now();
      await sleep(1_000);
      const stopping = now();
      await db.stop();
      const down = now();
      await sleep(OUTAGE_MS);
      const answeredWhileDown = () =>
        PROBES.every((probe) =>
          traffic.outcomes.some((outcome) => outcome.probe === probe && outcome.startedAt >= down),
        );
      while (!answeredWhileDown() && now() - down < MAX_OUTAGE_MS) await sleep(100);
      const starting = now();
      await db.start();
      const up = now();
      // Traffic goes on until both replicas are ready again, then a little longer.
      const readyAgain = async () => {
        const deadline = up + RECOVERY_BOUND_MS;
        while (now() < deadline) {
          const ready = ['one', 'two'].every((replica) =>
            traffic.outcomes.some(
              (outcome) =>
                outcome.replica === replica &&
                outcome.probe === 'readyz' &&
                outcome.startedAt >= up &&
                outcome.status === 200,
            ),
          );
          if (ready) return;
          await sleep(50);
        }
      };
      await readyAgain();
      await sleep(1_500);
      await traffic.stop();

      const at = (outcome: Outcome) =>
        `${outcome.probe}@${outcome.replica} +${Math.round(outcome.startedAt - t0)}ms`;
      const { outcomes } = traffic;
      const during = outcomes.filter((outcome) => outcome.startedAt >= down && outcome.endedAt <= starting);
      const after = outcomes.filter((outcome) => outcome.startedAt >= up);

      // Nothing hung, nothing failed at the network level, nothing took longer than the bound.
      const slowest = Math.max(...outcomes.map((outcome) => outcome.endedAt - outcome.startedAt));
      for (const outcome of outcomes) {
        expect(
          typeof outcome.status === 'number' || outcome.status.startsWith('ws:'),
          `${at(outcome)}: ${outcome.status}`,
        ).toBe(true);
        expect(outcome.endedAt - outcome.startedAt, at(outcome)).toBeLessThan(REQUEST_BOUND_MS);
      }
      // Every answer, at any time, is a success or a clean 503 (never a 500 or a leaked error), and every
      // WebSocket frame is answered (`ws:no answer` is not clean), also the ones sent as PostgreSQL went away.
      for (const outcome of outcomes) {
        const clean =
          outcome.status === 200 ||
          outcome.status === 201 ||
          (outcome.probe === 'readyz' && outcome.status === 503 && outcome.code === 'unavailable') ||
          (outcome.status === 503 && outcome.code === 'service_unavailable') ||
          outcome.status === 'ws:service_unavailable';
        expect(clean, `${at(outcome)}: ${outcome.status} ${outcome.text}`).toBe(true);
      }
      // While it is down: every probe and request answered, and every answer says so.
      for (const probe of PROBES) {
        expect(during.filter((outcome) => outcome.probe === probe).length, probe).toBeGreaterThan(0);
      }
      for (const outcome of during) {
        const expected =
          outcome.probe === 'healthz' ? 200 : outcome.probe === 'send-ws' ? 'ws:service_unavailable' : 503;
        expect(outcome.status, `${at(outcome)}: ${outcome.text}`).toBe(expected);
      }
      // Liveness never fails: a database blip must not make Kubernetes restart the pod.
      for (const outcome of outcomes.filter((o) => o.probe === 'healthz'))
        expect(outcome.status, at(outcome)).toBe(200);
      // Readiness is back within the bound on both replicas (measured from the moment PostgreSQL accepts again).
      const readyAfter = (replica: string) =>
        after.find(
          (outcome) => outcome.replica === replica && outcome.probe === 'readyz' && outcome.status === 200,
        );
      for (const replica of ['one', 'two']) {
        const first = readyAfter(replica);
        expect(first, `readyz on ${replica} after the restart`).toBeDefined();
        expect((first?.endedAt ?? Number.POSITIVE_INFINITY) - up).toBeLessThan(RECOVERY_BOUND_MS);
      }
      const firstDown = outcomes.find(
        (outcome) => outcome.probe === 'readyz' && outcome.startedAt >= stopping && outcome.status !== 200,
      );
      // After recovery every kind of request succeeds again.
      for (const probe of ['send-rest', 'send-ws', 'me'] as const) {
        const last = after.filter((outcome) => outcome.probe === probe).at(-1);
        expect([200, 201], `last ${probe} after the restart: ${last?.status}`).toContain(last?.status);
      }

      // The sends left unacknowledged are retried with the same clientMessageId (a client would): none is
      // stored twice, and each one is answered with the message stored by an earlier attempt if there was one.
      for (const { sender, clientMessageId, text } of traffic.pending) {
        const retried = await sender.send(clientMessageId, text);
        expect(
          retried.message,
          `retry of ${clientMessageId}: ${retried.status} ${retried.text}`,
        ).toBeDefined();
        if (retried.message) traffic.acked.set(clientMessageId, { ...retried.message, ackedAt: now() });
      }
      const stored = await allMessages(one.url, aToken, pair.matchId);
      const byClientId = new Map<string, Message[]>();
      for (const message of stored) {
        byClientId.set(message.clientMessageId, [
          ...(byClientId.get(message.clientMessageId) ?? []),
          message,
        ]);
      }
      for (const [clientMessageId, messages] of byClientId) expect(messages, clientMessageId).toHaveLength(1);
      // Every acknowledged message is there, as acknowledged; and every attempted one was acknowledged in the end.
      for (const [clientMessageId, ack] of traffic.acked) {
        expect(byClientId.get(clientMessageId)?.[0], `acked ${clientMessageId}`).toMatchObject({
          id: ack.id,
          text: ack.text,
        });
      }
      expect([...traffic.acked.keys()].sort()).toEqual([...traffic.attempted.keys()].sort());
      // Sending any of them again (a client unsure whether its ack got lost) answers the same message.
      for (const [clientMessageId, { text, sender }] of traffic.attempted) {
        const again = await sender.send(clientMessageId, text);
        expect(again.message?.id, `${sender.label} resending ${clientMessageId}`).toBe(
          traffic.acked.get(clientMessageId)?.id,
        );
      }
      expect(await allMessages(one.url, aToken, pair.matchId)).toHaveLength(stored.length);

      // Live delivery across replicas works again both ways: each replica's LISTEN session came back.
      const toBo = await timeUntilLiveDelivery(a, bSocket, pair.matchId, RECOVERY_BOUND_MS);
      const toAda = await timeUntilLiveDelivery(b, aSocket, pair.matchId, RECOVERY_BOUND_MS);
      // And a socket opened after the restart ($connect stores it) gets them too.
      const freshSocket = await connectRealtime(two.url, pair.b);
      sockets.push(freshSocket);
      expect(await timeUntilLiveDelivery(a, freshSocket, pair.matchId, RECOVERY_BOUND_MS)).toBeLessThan(
        RECOVERY_BOUND_MS,
      );

      // A store outage is expected, not a bug: nothing was logged as an unhandled error (a 500).
      expect(logs.filter((line) => line.includes('unhandled error'))).toEqual([]);

      const ackedWhileStopping = [...traffic.acked.values()].filter(
        (ack) => ack.ackedAt >= stopping && ack.ackedAt <= up,
      ).length;
      const duringSends = during.filter((o) => o.probe === 'send-rest' || o.probe === 'send-ws');
      console.info(
        JSON.stringify({
          postgresStopMs: Math.round(down - stopping),
          downMs: Math.round(starting - down),
          postgresStartMs: Math.round(up - starting),
          readyzFailedAfterStopMs: firstDown ? Math.round(firstDown.endedAt - stopping) : null,
          readyzOkAfterStartMs: Object.fromEntries(
            ['one', 'two'].map((replica) => [replica, Math.round((readyAfter(replica)?.endedAt ?? 0) - up)]),
          ),
          requests: outcomes.length,
          duringOutage: during.length,
          sendsDuringOutage: duringSends.length,
          slowestDuringOutageMs: Math.round(Math.max(0, ...during.map((o) => o.endedAt - o.startedAt))),
          slowestOverallMs: Math.round(slowest),
          acked: traffic.acked.size,
          ackedBetweenStopAndStart: ackedWhileStopping,
          retriesDuringTraffic: traffic.retries,
          retriedAfterwards: traffic.pending.length,
          stored: stored.length,
          liveDeliveryAfterRecoveryMs: { toBo: Math.round(toBo), toAda: Math.round(toAda) },
        }),
      );
    }, 120_000);
  },
);
