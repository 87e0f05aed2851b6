import type { Duplex } from 'node:stream';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientMessageId, MAX_FRAME_BYTES } from '../../src/contract/chat';
import { ErrorCodeSchema, ValidationDetails } from '../../src/contract/errors';
import { ServerEvent } from '../../src/contract/events';
import type { Schema } from '../../src/handlers/http/http-route';
import type { WsRoute } from '../../src/handlers/ws/ws-route';
import { wsRoutes } from '../../src/routes';
import { MAX_MESSAGE_BYTES } from '../../src/runtime/lab/ws-gateway';
import { ApiSession, errorCode, uniqueEmail } from '../support/api-session';
import { cmid, matchedPairOverApi } from '../support/chat-fixtures';
import type { TestServer } from '../support/lab-server';
import { wsUrl } from '../support/ws-client';
import { encodeAny, findLeak, REQUEST_TIMEOUT_MS, timedRequest } from './adversarial-http';
import {
  type Closed,
  closeCodeIn,
  encodeFrame,
  RawSocket,
  type Received,
  rawUpgrade,
  upgradeHeaders,
} from './adversarial-ws';
import {
  anyValue,
  contractArbitrary,
  evilStrings,
  extraMember,
  FUZZ_RUNS,
  FUZZ_SEED,
  hostileValue,
  jsonObjectText,
  type Member,
  malformedJson,
  mutated,
  NOBODY_ID,
  plausibleValues,
  pollutionKeys,
  schemaFields,
} from './fuzz-arbitraries';
import { fuzzTargets } from './fuzz-stores';

/**
 * Property-based fuzzing of EVERY route of the WebSocket route table, over
 * real WebSockets on the lab runtime, on every store. Frames are shaped like each action's contract with
 * hostile values, other users' conversation and message ids, wrong types, unknown actions, prototype-pollution
 * keys, non-JSON, binary frames, and sizes around the 32 KB frame and 128 KB message limits. Every frame gets
 * exactly what docs/api.md (WebSocket) promise: an `error` event (the error envelope's code,
 * message and details, never `internal`, never a stack, path or SQL), the action's own answer, or, over
 * 128 KB, a close with 1009; the server stays up and a legitimate message still works afterwards. `$connect`
 * is fuzzed with tickets, query strings and handshake headers, `$disconnect` with every way a connection can
 * end, protocol violations included. Actions are taken from `wsRoutes`, so a new action is fuzzed
 * automatically. FUZZ_RUNS cases per route (CI: 200); reproduce with FUZZ_SEED=<seed> FUZZ_RUNS=<n>.
 */

/** Starting DynamoDB Local and registering five users takes long on a loaded 2-core box. */
const SETUP_TIMEOUT_MS = 180_000;
/** `$disconnect` runs right after a close: poll for its effect often (the default 50 ms would dominate). */
const POLL = { timeout: REQUEST_TIMEOUT_MS, interval: 5 };

const actionRoutes = wsRoutes.filter((route) => !route.routeKey.startsWith('$'));
const actionNames = actionRoutes.map((route) => route.routeKey as string);

/** The documented answer to a frame, derived from its bytes alone (the test's oracle). */
type Expected =
  | { kind: 'closed'; code: number }
  | { kind: 'error'; code: string }
  | { kind: 'accepted'; route: WsRoute; frame: Record<string, unknown> };

function parseObject(bytes: Buffer): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

const containsNul = (value: unknown): boolean =>
  typeof value === 'string'
    ? value.includes('\u0000')
    : typeof value === 'object' && value !== null && Object.values(value).some(containsNul);

function expectedAnswer(bytes: Buffer, binary: boolean): Expected {
  // API Gateway: messages up to 128 KB, else the connection closes with 1009 (message too big).
  if (bytes.length > MAX_MESSAGE_BYTES) return { kind: 'closed', code: 1009 };
  if (bytes.length > MAX_FRAME_BYTES) return { kind: 'error', code: 'payload_too_large' };
  // Route selection `$request.body.action` needs a text frame holding a JSON object with a known action.
  const object = binary ? null : parseObject(bytes);
  const action = object !== null && Object.hasOwn(object, 'action') ? object.action : undefined;
  const route = actionRoutes.find((candidate) => candidate.routeKey === action);
  if (object === null || route === undefined) return { kind: 'error', code: 'validation_failed' };
  const parsed = route.frame?.safeParse(object);
  // No text may hold U+0000 (docs/api.md conventions): refused like any invalid field.
  if (parsed && (!parsed.success || containsNul(parsed.data)))
    return { kind: 'error', code: 'validation_failed' };
  return { kind: 'accepted', route, frame: object };
}

/** A frame as it goes on the wire, shown abbreviated when a property fails. */
class Frame {
  constructor(
    readonly bytes: Buffer,
    readonly binary: boolean,
  ) {}
  static text(text: string, binary = false) {
    return new Frame(Buffer.from(text, 'utf8'), binary);
  }
  [fc.toStringMethod]() {
    const text = this.bytes.toString('utf8');
    const shown = JSON.stringify(text.slice(0, 300));
    return `${this.binary ? 'binary ' : ''}${shown}${text.length > 300 ? `... (${this.bytes.length} bytes)` : ''}`;
  }
}

/** The ids a fuzzing user knows: their conversation and messages, and those of a pair they are no part of. */
interface KnownIds {
  ownConversation: string;
  otherConversation: string;
  ownMessages: string[];
  otherMessage: string;
  users: string[];
}

/**
 * The candidates a field's schema picks from: the fuzzing user's conversation and messages (often, so frames
 * reach the service), those of a pair they are no part of, ids of nobody, and the shared plausible values.
 */
const candidateValues = (ids: KnownIds): unknown[] => [
  ...Array.from({ length: 14 }, () => ids.ownConversation),
  ...ids.ownMessages.slice(0, 2), // the first two (sent over REST) and the latest two
  ...ids.ownMessages.slice(-2),
  ids.otherConversation,
  ids.otherMessage,
  NOBODY_ID,
  ...ids.users,
  ...plausibleValues,
];

/** An `action` that selects no route, whatever a careless router might make of it. */
const unknownAction: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    ...actionNames.flatMap((name) => [
      name.toUpperCase(),
      ` ${name}`,
      `${name}\u0000`,
      [name],
      { [name]: 1 },
    ]),
    '$default',
    '$connect',
    '$disconnect',
    '',
    'fuzz',
    ...pollutionKeys,
  ),
  anyValue,
);

/**
 * Frames for one action (`route`), or for `$default` (null). Members: valid by the action's schema, valid
 * but for one mutation (a hostile value, a missing field, an unknown key, an unknown action), or anything
 * shaped like some action. Then as JSON, padded to the sizes around the limits, raw, or binary.
 */
function frameArbitrary(route: WsRoute | null, ids: KnownIds): fc.Arbitrary<Frame> {
  const candidates = candidateValues(ids);
  const fields: Record<string, Schema> = Object.assign(
    {},
    ...(route ? [route] : actionRoutes).map((candidate) => schemaFields(candidate.frame)),
  );
  const keys = Object.keys(fields).filter((key) => key !== 'action');
  const extra = extraMember(['action', 'clientMessageId', ...keys]);
  const wild = fc
    .tuple(
      fc.option(route ? fc.oneof(fc.constant<unknown>(route.routeKey), unknownAction) : unknownAction),
      fc.tuple(
        ...keys.map((key) =>
          fc.option(
            fc
              .oneof(contractArbitrary(fields[key] as Schema, candidates), hostileValue)
              .map((value): Member => [key, value]),
          ),
        ),
      ),
      fc.option(extra, { freq: 2 }),
    )
    .map(([action, values, more]): Member[] => [
      ...(action === null ? [] : [['action', action] as const]),
      ...values.filter((member) => member !== null),
      ...(more === null ? [] : [more]),
    ]);
  let members: fc.Arbitrary<Member[]> = wild;
  if (route?.frame) {
    // The action first, as clients send it; then the fields in the contract's order.
    const valid = contractArbitrary(route.frame, candidates).map((frame): Member[] => [
      ['action', route.routeKey],
      ...Object.entries(frame as object).filter(([key]) => key !== 'action'),
    ]);
    const wrongAction = fc
      .tuple(valid, unknownAction)
      .map(([list, action]): Member[] => [['action', action], ...list.slice(1)]);
    members = fc.oneof(
      { arbitrary: valid, weight: 6 },
      { arbitrary: mutated(valid, extra, { protect: 0 }), weight: 3 },
      { arbitrary: wrongAction, weight: 1 },
      { arbitrary: wild, weight: 2 },
    );
  }
  // Exactly at, just under and just over the 32 KB frame and 128 KB message limits.
  const sized = fc
    .tuple(
      members,
      fc.constantFrom(MAX_FRAME_BYTES, MAX_MESSAGE_BYTES),
      fc.integer({ min: -2, max: 2 }),
      fc.constantFrom('x', 'é', '😀'),
    )
    .map(([list, limit, delta, unit]) => {
      const padKey = keys.includes('text') ? 'text' : 'pad';
      const without = jsonObjectText(list.filter(([key]) => key !== padKey));
      const base = `${without.slice(0, -1)}${without.length > 2 ? ',' : ''}"${padKey}":"`;
      const room = limit + delta - Buffer.byteLength(`${base}"}`);
      const unitBytes = Buffer.byteLength(unit);
      const pad =
        unit.repeat(Math.max(0, Math.floor(room / unitBytes))) + 'x'.repeat(Math.max(0, room % unitBytes));
      return `${base}${pad}"}`;
    });
  const raw = fc.oneof(
    malformedJson,
    anyValue.map((value) => JSON.stringify(value) ?? 'null'),
  );
  const text = fc.oneof(
    { arbitrary: members.map(jsonObjectText), weight: 12 },
    { arbitrary: sized, weight: 2 },
    { arbitrary: raw, weight: 1 },
  );
  const binaryOnly = fc.uint8Array({ maxLength: 300 }).map((bytes) => new Frame(Buffer.from(bytes), true));
  return fc.oneof(
    { arbitrary: text.map((value) => Frame.text(value)), weight: 14 },
    { arbitrary: text.map((value) => Frame.text(value, true)), weight: 1 }, // a JSON frame sent as binary
    { arbitrary: binaryOnly, weight: 1 },
  );
}

/** What was sent, for a failure message. */
const describeFrame = (frame: Frame) => frame[fc.toStringMethod]();

/** Checks every answer whatever was sent: JSON, a contract event, never `internal`, never a leak. */
function assertWellFormedAnswer(received: Received, what: string): ServerEvent {
  const context = `${what}\n-> ${received.binary ? 'binary ' : ''}${received.text.slice(0, 400)}`;
  if (received.binary) throw new Error(`a binary frame from the server\n${context}`);
  const leak = findLeak(received.text);
  if (leak) throw new Error(`leaked ${leak}\n${context}`);
  let value: unknown;
  try {
    value = JSON.parse(received.text);
  } catch {
    throw new Error(`not JSON\n${context}`);
  }
  const event = ServerEvent.safeParse(value);
  if (!event.success) throw new Error(`not a contract event\n${context}`);
  if (event.data.type === 'error') {
    if (!ErrorCodeSchema.safeParse(event.data.code).success || event.data.code === 'internal') {
      throw new Error(`a server error (${event.data.code})\n${context}`);
    }
  }
  return event.data;
}

describe.each(fuzzTargets())('fuzzing every WebSocket route (lab runtime, $name)', (target) => {
  if (target.unavailable !== null) {
    it.skip(`skipped: ${target.unavailable}`, () => {});
    return;
  }

  let server: TestServer;
  /** The fuzzing user (A, matched with B) and what they know. */
  let a: ApiSession;
  let aId: string;
  let ids: KnownIds;
  /** Their socket; reopened when a case closed it. */
  let socket: RawSocket;
  /** B (A's match) and C (of another pair): they watch what reaches them. */
  let bWatch: RawSocket;
  let cWatch: RawSocket;
  let keepAlive: NodeJS.Timeout | undefined;
  /** Opens and closes connections for `$connect` and `$disconnect`; never keeps one open. */
  let t: ApiSession;
  let tId: string;
  /** clientMessageId -> the text of the message it first sent. */
  const sentTexts = new Map<string, string>();
  let syncCounter = 0;

  const ticketUrl = async (session: ApiSession) => {
    const ticket = await session.call<{ ticket: string; url: string }>('POST', '/api/realtime/ticket');
    expect(ticket.status, ticket.text).toBe(200);
    return ticket.body;
  };
  const open = async (session: ApiSession) =>
    RawSocket.open(wsUrl(server.url, (await ticketUrl(session)).url));
  const liveConnections = (userId: string) =>
    server.deps.store.connections.listByUsers([userId], new Date().toISOString());

  beforeAll(async () => {
    // The fuzzer sends frames back to back on one connection, faster than the per-connection frame rate a
    // client gets (that limit has its own tests: test/realtime/frame-limits.test.ts), like RATE_LIMITS=off.
    server = await target.start({ websocket: { frameRate: { ratePerSecond: 100_000, burst: 100_000 } } });
    const own = await matchedPairOverApi(server.url);
    const other = await matchedPairOverApi(server.url);
    a = own.a;
    aId = own.aId;
    const posted = [];
    for (const [who, pair] of [
      [own.a, own],
      [own.b, own],
      [other.a, other],
    ] as const) {
      const sent = await who.call<{ message: { id: string } }>(
        'POST',
        `/api/conversations/${pair.matchId}/messages`,
        { body: { clientMessageId: cmid('setup'), text: 'hello' } },
      );
      expect(sent.status, sent.text).toBe(201);
      posted.push(sent.body.message.id);
    }
    ids = {
      ownConversation: own.matchId,
      otherConversation: other.matchId,
      ownMessages: posted.slice(0, 2),
      otherMessage: posted[2] as string,
      users: [own.aId, own.bId, other.aId],
    };
    t = new ApiSession(server.url);
    expect((await t.register(uniqueEmail('ws-fuzz'))).status).toBe(201);
    tId = t.userId as string;
    socket = await open(a);
    bWatch = await open(own.b);
    cWatch = await open(other.a);
    // The watchers send nothing else: keep them from the 10-minute idle timeout on a slow run.
    keepAlive = setInterval(() => {
      for (const watcher of [bWatch, cWatch]) if (watcher.isOpen) watcher.send('{"action":"ping"}');
    }, 60_000);
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    clearInterval(keepAlive);
    await Promise.all([socket, bWatch, cWatch].map((open) => open?.close()));
    await server?.close();
  });

  /** Sends one frame and checks the answer against the oracle; reopens the socket after a close. */
  async function exchange(frame: Frame): Promise<void> {
    if (!socket.isOpen) socket = await open(a);
    const what = describeFrame(frame);
    const expected = expectedAnswer(frame.bytes, frame.binary);
    const from = socket.received.length;
    socket.send(frame.bytes, { asText: !frame.binary });

    if (expected.kind === 'closed') {
      const closed: Closed = await socket.closedWithin();
      if (closed.code !== expected.code) {
        throw new Error(`expected a close with ${expected.code}, got ${closed.code}\n${what}`);
      }
      for (const received of socket.received.slice(from)) assertWellFormedAnswer(received, what);
      return;
    }

    // Frames of a connection are handled in order: the answer to a marker frame ends this frame's answers.
    syncCounter += 1;
    const marker = `sync-${syncCounter}`;
    socket.send(JSON.stringify({ action: 'fuzz-sync', clientMessageId: marker }));
    const frames = await socket
      .collectUntil(from, (received) => {
        const event = parseObject(Buffer.from(received.text));
        return event?.type === 'error' && event.clientMessageId === marker;
      })
      .catch((error: Error) => {
        throw new Error(`${error.message}\n${what}`);
      });
    const answers = frames.map((received) => assertWellFormedAnswer(received, what));
    const shown = () => `${what}\n-> ${JSON.stringify(answers).slice(0, 600)}`;
    const frameCmid = parseObject(frame.bytes)?.clientMessageId;
    for (const answer of answers) {
      // An echoed clientMessageId is the frame's own, never another one.
      if ('clientMessageId' in answer && answer.clientMessageId !== undefined) {
        if (answer.clientMessageId !== frameCmid) throw new Error(`a foreign clientMessageId\n${shown()}`);
      }
    }

    if (expected.kind === 'error') {
      const [answer, ...more] = answers;
      if (answer?.type !== 'error' || answer.code !== expected.code || more.length > 0) {
        throw new Error(`expected one error event ${expected.code}\n${shown()}`);
      }
      if (
        ClientMessageId.safeParse(frameCmid).success &&
        !frame.binary &&
        answer.clientMessageId !== frameCmid
      ) {
        throw new Error(`the error does not name the frame's clientMessageId\n${shown()}`);
      }
      if (answer.code === 'validation_failed' && !ValidationDetails.safeParse(answer.details).success) {
        throw new Error(`validation_failed without details.fields\n${shown()}`);
      }
      return;
    }
    checkAccepted(expected.route.routeKey, expected.frame, answers, shown);
  }

  /** The answer of a frame that passed its action's schema (docs/api.md, Chat); unknown actions: any event. */
  function checkAccepted(
    action: string,
    frame: Record<string, unknown>,
    answers: ServerEvent[],
    shown: () => string,
  ): void {
    const own = frame.conversationId === ids.ownConversation;
    const notFound = () => {
      if (answers.length !== 1 || answers[0]?.type !== 'error' || answers[0].code !== 'not_found') {
        throw new Error(
          `expected one error event not_found (not a party to it, or no such message)\n${shown()}`,
        );
      }
    };
    switch (action) {
      case 'ping':
        if (answers.length !== 1 || answers[0]?.type !== 'pong') throw new Error(`expected pong\n${shown()}`);
        return;
      case 'typing':
        if (!own) {
          notFound();
          return;
        }
        if (answers.length > 0) throw new Error(`expected no answer\n${shown()}`);
        return;
      case 'markRead': {
        if (!own || !ids.ownMessages.includes(frame.upToMessageId as string)) {
          notFound();
          return;
        }
        const foreign = answers.filter(
          (event) =>
            event.type !== 'read' ||
            event.conversationId !== ids.ownConversation ||
            event.userId !== aId ||
            event.upToMessageId !== frame.upToMessageId,
        );
        if (foreign.length > 0 || answers.length > 1)
          throw new Error(`expected at most a read event\n${shown()}`);
        return;
      }
      case 'sendMessage': {
        if (!own) {
          notFound();
          return;
        }
        const [ack, ...more] = answers;
        const clientMessageId = frame.clientMessageId as string;
        if (ack?.type !== 'messageAck' || more.length > 0)
          throw new Error(`expected one messageAck\n${shown()}`);
        const firstText = sentTexts.get(clientMessageId) ?? (frame.text as string).trim();
        if (
          ack.clientMessageId !== clientMessageId ||
          ack.message.conversationId !== ids.ownConversation ||
          ack.message.senderId !== aId ||
          ack.message.text !== firstText
        ) {
          throw new Error(`a messageAck that is not the message sent\n${shown()}`);
        }
        sentTexts.set(clientMessageId, firstText);
        if (!ids.ownMessages.includes(ack.message.id)) ids.ownMessages.push(ack.message.id);
        return;
      }
      default:
        return; // a new action: the checks every answer gets (assertWellFormedAnswer) still apply
    }
  }

  it('has a fuzzer for every route key of the WebSocket route table', () => {
    const fuzzed = new Set(['$connect', '$disconnect', '$default', ...actionNames]);
    expect(wsRoutes.map((route) => route.routeKey).filter((key) => !fuzzed.has(key))).toEqual([]);
    expect(actionNames.length).toBeGreaterThanOrEqual(4);
  });

  for (const route of actionRoutes) {
    it(`${route.routeKey}: the documented answer, an error event, or a 1009 close; never a leak`, async () => {
      await fc.assert(
        fc.asyncProperty(frameArbitrary(route, ids), (frame) => exchange(frame)),
        { seed: FUZZ_SEED, numRuns: FUZZ_RUNS, endOnFailure: true },
      );
    }, 180_000);
  }

  it('$default (no known action, not JSON, binary): one validation_failed error event', async () => {
    await fc.assert(
      fc.asyncProperty(frameArbitrary(null, ids), (frame) => exchange(frame)),
      { seed: FUZZ_SEED, numRuns: FUZZ_RUNS, endOnFailure: true },
    );
  }, 180_000);

  it('$connect: opens only with a fresh ticket on /ws, refuses everything else with a 4xx', async () => {
    const used = await ticketUrl(t);
    const first = await RawSocket.open(wsUrl(server.url, used.url));
    await first.close();
    const FRESH = '\u0000fresh-ticket';
    const ticketValue = fc.oneof(
      { arbitrary: fc.constant(FRESH), weight: 4 },
      {
        arbitrary: fc.constantFrom(
          used.ticket, // consumed already
          used.ticket.toUpperCase(),
          used.ticket.slice(0, -1),
          `${used.ticket}=`,
          'A'.repeat(43),
          'not-a-real-ticket-000000',
        ),
        weight: 3,
      },
      { arbitrary: evilStrings.map(encodeAny), weight: 2 },
      { arbitrary: fc.string({ unit: 'binary', maxLength: 60 }).map(encodeAny), weight: 1 },
      { arbitrary: fc.constantFrom('%', '%zz', '%00', '%E0%A4%A', '+', ''), weight: 1 },
      { arbitrary: fc.integer({ min: 100, max: 20_000 }).map((n) => 'A'.repeat(n)), weight: 1 },
    );
    const paramName = fc.oneof(
      { arbitrary: fc.constant('ticket'), weight: 6 },
      {
        arbitrary: fc.constantFrom('Ticket', 'ticket[]', 'ticket%00', 't%69cket', ...pollutionKeys),
        weight: 3,
      },
      { arbitrary: fc.string({ unit: 'binary', maxLength: 10 }).map(encodeAny), weight: 1 },
    );
    const path = fc.oneof(
      { arbitrary: fc.constant('/ws'), weight: 8 },
      {
        arbitrary: fc.constantFrom(
          '/ws/',
          '/WS',
          '//ws',
          '/ws/../ws',
          '/./ws',
          '/ws%2f',
          '/api/ws',
          '/ws;x',
          '/',
        ),
        weight: 1,
      },
    );
    const printable = fc.stringMatching(/^[\x20-\x7e]{0,200}$/);
    const extraHeader = fc.oneof(
      fc.tuple(fc.constantFrom(...pollutionKeys, 'X-Fuzz'), printable),
      fc.tuple(
        fc.constantFrom('Origin', 'User-Agent', 'X-Forwarded-For', 'Cookie', 'Authorization'),
        printable,
      ),
    );
    const handshake = fc.constantFrom(
      'ok',
      'ok',
      'ok',
      'ok',
      'no key',
      'bad key',
      'bad version',
      'no version',
    );
    const input = fc.record({
      path,
      query: fc.array(fc.tuple(paramName, ticketValue), { maxLength: 4 }),
      headers: fc.array(extraHeader, { maxLength: 3 }),
      handshake,
    });
    await fc.assert(
      fc.asyncProperty(input, async ({ path: requestPath, query, headers, handshake: shake }) => {
        const fresh: string[] = [];
        const pairs: Array<[string, string]> = [];
        for (const [name, value] of query) {
          if (value !== FRESH) pairs.push([name, value]);
          else {
            const { ticket } = await ticketUrl(t);
            fresh.push(ticket);
            pairs.push([name, ticket]);
          }
        }
        const target = `${requestPath}${pairs.length ? `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}` : ''}`;
        const handshakeHeaders = upgradeHeaders().flatMap(([name, value]): Array<[string, string]> => {
          if (name === 'Sec-WebSocket-Key') {
            return shake === 'no key' ? [] : [[name, shake === 'bad key' ? 'c2hvcnQ=' : value]];
          }
          if (name === 'Sec-WebSocket-Version') {
            return shake === 'no version' ? [] : [[name, shake === 'bad version' ? '12' : value]];
          }
          return [[name, value]];
        });
        const what = `GET ${target.slice(0, 300)} handshake=${shake} headers=${JSON.stringify(headers)}`;
        const result = await rawUpgrade(server.url, target, [...handshakeHeaders, ...headers]);
        result.socket?.destroy();

        // API Gateway keeps the last value of a repeated query parameter.
        const last = new URLSearchParams(target.split('?')[1] ?? '').getAll('ticket').at(-1);
        const validTicket = last !== undefined && fresh.includes(last);
        const shouldOpen = requestPath === '/ws' && shake === 'ok' && validTicket;
        const opened = result.status === 101;
        if (opened && !shouldOpen) throw new Error(`opened\n${what}`);
        if (!opened && (result.status < 400 || result.status >= 500)) {
          throw new Error(`not a 4xx: ${result.status}\n${what}`);
        }
        if (target.length > 16_000) return; // Node's header size limit may answer first (431)
        if (shouldOpen && !opened) throw new Error(`refused (${result.status})\n${what}`);
        if (opened) return;
        // The lab checks the path, then the ticket ($connect), then the rest of the handshake.
        const allowed =
          requestPath !== '/ws' ? [404] : shake !== 'ok' ? (validTicket ? [400] : [400, 401]) : [401];
        if (!allowed.includes(result.status)) {
          throw new Error(`expected ${allowed.join(' or ')}, got ${result.status}\n${what}`);
        }
      }),
      { seed: FUZZ_SEED, numRuns: FUZZ_RUNS, endOnFailure: true },
    );
    // Every connection that opened is gone, and no refused or broken handshake left one behind.
    await expect.poll(() => liveConnections(tId), POLL).toEqual([]);
  }, 180_000);

  it('$disconnect: however a connection ends (protocol violations too), it is closed and forgotten', async () => {
    type Ending =
      | { kind: 'close'; code: number; reason: string }
      | { kind: 'terminate'; inFlight: boolean }
      | { kind: 'raw'; bytes: Buffer; label: string };
    const reason = fc
      .string({ unit: 'grapheme', maxLength: 40 })
      .filter((text) => Buffer.byteLength(text) <= 123);
    const rawEndings: Array<[string, fc.Arbitrary<Buffer>]> = [
      ['unmasked frame', fc.constant(encodeFrame(0x1, Buffer.from('{"action":"ping"}'), { masked: false }))],
      [
        'reserved opcode',
        fc.constantFrom(3, 4, 5, 6, 7, 0xb, 0xc, 0xf).map((op) => encodeFrame(op, Buffer.from('x'))),
      ],
      [
        'RSV bits without an extension',
        fc.integer({ min: 1, max: 7 }).map((rsv) => encodeFrame(0x1, Buffer.from('{}'), { rsv })),
      ],
      ['a control frame over 125 bytes', fc.constant(encodeFrame(0x9, Buffer.alloc(200, 1)))],
      ['a fragmented control frame', fc.constant(encodeFrame(0x9, Buffer.from('x'), { fin: false }))],
      ['a continuation without a start', fc.constant(encodeFrame(0x0, Buffer.from('{"action":"ping"}')))],
      [
        'text that is not UTF-8',
        fc
          .uint8Array({ minLength: 1, maxLength: 40 })
          .map((bytes) =>
            encodeFrame(0x1, Buffer.concat([Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(bytes)])),
          ),
      ],
      [
        'a close with an invalid code',
        fc.constantFrom(0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65_535).map((code) => {
          const payload = Buffer.alloc(2);
          payload.writeUInt16BE(code);
          return encodeFrame(0x8, payload);
        }),
      ],
      ['a close with a 1-byte payload', fc.constant(encodeFrame(0x8, Buffer.from([3])))],
      [
        'a close reason that is not UTF-8',
        fc.constant(encodeFrame(0x8, Buffer.from([0x03, 0xe8, 0xc3, 0x28]))),
      ],
      [
        'a length of 2^53',
        fc.constant(Buffer.concat([Buffer.from([0x81, 0xff, 0, 0x20, 0, 0, 0, 0, 0, 0]), Buffer.alloc(4)])),
      ],
      ['half a frame', fc.constant(encodeFrame(0x1, Buffer.from('{"action":"ping"}')).subarray(0, 7))],
      [
        'a message over 128 KB in fragments',
        fc.constant(
          Buffer.concat([
            encodeFrame(0x1, Buffer.alloc(70_000, 0x61), { fin: false }),
            encodeFrame(0x0, Buffer.alloc(70_000, 0x61)),
          ]),
        ),
      ],
    ];
    const ending: fc.Arbitrary<Ending> = fc.oneof(
      fc
        .tuple(fc.oneof(fc.constantFrom(1000, 1001), fc.integer({ min: 3000, max: 4999 })), reason)
        .map(([code, text]) => ({ kind: 'close' as const, code, reason: text })),
      fc.boolean().map((inFlight) => ({ kind: 'terminate' as const, inFlight })),
      fc.oneof(
        ...rawEndings.map(([label, bytes]) =>
          bytes.map((value) => ({ kind: 'raw' as const, bytes: value, label })),
        ),
      ),
    );
    await fc.assert(
      fc.asyncProperty(ending, async (end) => {
        const what = JSON.stringify(
          end.kind === 'raw' ? { raw: end.label, bytes: end.bytes.subarray(0, 16).toString('hex') } : end,
        );
        if (end.kind === 'raw') {
          const { url } = await ticketUrl(t);
          const upgraded = await rawUpgrade(server.url, url, upgradeHeaders());
          if (upgraded.status !== 101 || !upgraded.socket) throw new Error(`no upgrade (${upgraded.status})`);
          const code = await sendRawAndAwaitClose(upgraded.socket, end.bytes, {
            endAfter: end.label === 'half a frame',
            what,
          });
          if (code !== null && ![1002, 1007, 1009].includes(code)) {
            throw new Error(`closed with ${code}, not a protocol error code\n${what}`);
          }
        } else {
          const connection = await open(t);
          if (end.kind === 'close') {
            connection.socket.close(end.code, end.reason);
            const closed = await connection.closedWithin();
            if (closed.code !== end.code) throw new Error(`close echoed ${closed.code}\n${what}`);
          } else {
            if (end.inFlight)
              connection.send(JSON.stringify({ action: 'typing', conversationId: NOBODY_ID }));
            connection.socket.terminate();
            await connection.closed;
          }
          for (const received of connection.received) assertWellFormedAnswer(received, what);
        }
        await expect.poll(() => liveConnections(tId), POLL).toEqual([]);
      }),
      { seed: FUZZ_SEED, numRuns: FUZZ_RUNS, endOnFailure: true },
    );
  }, 180_000);

  // The shortest reproductions of what this fuzzing found.
  it('found: a query parameter or header named like an Object.prototype member no longer kills the process', async () => {
    // `multi[key] ?? []` found Object.prototype and threw in the `upgrade` listener: an uncaught exception.
    for (const [path, extra] of [
      ['/ws?__proto__=1', []],
      ['/ws?constructor=1&ticket=not-a-real-ticket-000000', []],
      ['/ws?ticket=not-a-real-ticket-000000', [['constructor', 'x']]],
      ['/ws?ticket=not-a-real-ticket-000000', [['__proto__', 'x']]],
    ] as Array<[string, Array<[string, string]>]>) {
      expect((await rawUpgrade(server.url, path, [...upgradeHeaders(), ...extra])).status, path).toBe(401);
    }
    const { ticket } = await ticketUrl(t);
    const opened = await rawUpgrade(server.url, `/ws?__proto__=1&toString=2&ticket=${ticket}`, [
      ...upgradeHeaders(),
      ['constructor', 'x'],
    ]);
    expect(opened.status).toBe(101);
    opened.socket?.destroy();
    await expect.poll(() => liveConnections(tId), POLL).toEqual([]);
  });

  it('found: a handshake refused after $connect (bad Sec-WebSocket-Key) leaves no connection behind', async () => {
    const { ticket } = await ticketUrl(t);
    const headers = upgradeHeaders().map(([name, value]): [string, string] =>
      name === 'Sec-WebSocket-Key' ? [name, 'c2hvcnQ='] : [name, value],
    );
    expect((await rawUpgrade(server.url, `/ws?ticket=${ticket}`, headers)).status).toBe(400);
    await expect.poll(() => liveConnections(tId), POLL).toEqual([]);
  });

  it('found: U+0000 in a message is validation_failed over REST and WebSocket, not internal (PostgreSQL)', async () => {
    const clientMessageId = cmid('nul');
    const rest = await a.call('POST', `/api/conversations/${ids.ownConversation}/messages`, {
      body: { clientMessageId, text: 'a\u0000b' },
    });
    expect([rest.status, errorCode(rest)], rest.text).toEqual([400, 'validation_failed']);
    if (!socket.isOpen) socket = await open(a);
    await exchange(
      Frame.text(
        JSON.stringify({
          action: 'sendMessage',
          conversationId: ids.ownConversation,
          clientMessageId,
          text: 'a\u0000b',
        }),
      ),
    );
  });

  it('still works afterwards: no pollution, a legitimate message is delivered, nobody else heard anything', async () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
    expect((await timedRequest(server.url, '/api/health')).status).toBe(200);

    if (!socket.isOpen) socket = await open(a);
    const clientMessageId = cmid('after-fuzz');
    const from = socket.received.length;
    const bFrom = bWatch.received.length;
    socket.send(
      JSON.stringify({
        action: 'sendMessage',
        conversationId: ids.ownConversation,
        clientMessageId,
        text: 'still here',
      }),
    );
    const isAck = (received: Received) => parseObject(Buffer.from(received.text))?.type === 'messageAck';
    await socket.collectUntil(from, isAck);
    await bWatch.collectUntil(bFrom, (received) => received.text.includes(clientMessageId)); // delivered to B

    // B heard only of their own conversation; C, of another pair, heard nothing at all (but pongs).
    for (const received of bWatch.received) {
      const event = assertWellFormedAnswer(received, 'an event to B');
      if (event.type === 'pong') continue;
      const conversation =
        event.type === 'message'
          ? event.message.conversationId
          : 'conversationId' in event
            ? event.conversationId
            : null;
      expect(conversation, received.text).toBe(ids.ownConversation);
    }
    expect(
      cWatch.received.map((received) => received.text).filter((text) => text !== '{"type":"pong"}'),
    ).toEqual([]);
    // The fuzzing user's connections: the one open socket, nothing left over.
    expect(await liveConnections(aId)).toHaveLength(1);
  });
});

/**
 * Writes hand-made bytes on an upgraded connection and waits until the server ends it, answering its close
 * frame as a client would; resolves with that frame's code (null when it sent none, e.g. after a truncated
 * frame and the client's FIN).
 */
function sendRawAndAwaitClose(
  socket: Duplex,
  bytes: Buffer,
  { endAfter, what }: { endAfter: boolean; what: string },
): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let answered = false;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`hang: the server kept the connection after the bytes\n${what}`));
    }, REQUEST_TIMEOUT_MS);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      const code = closeCodeIn(Buffer.concat(chunks));
      if (code !== null && !answered && socket.writable) {
        answered = true;
        const payload = Buffer.alloc(2);
        payload.writeUInt16BE(code === 1005 ? 1000 : code);
        socket.end(encodeFrame(0x8, payload));
      }
    });
    socket.on('error', () => undefined);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(closeCodeIn(Buffer.concat(chunks)));
    });
    socket.write(bytes);
    if (endAfter) socket.end();
  });
}
