/**
 * Benchmark 4: WebSocket fan-out on the lab runtime. 1,000 connections, one per user: 200 conversations (400
 * users) exchange messages over their sockets at a steady rate while the other 600 users stay connected and
 * idle (they fill the connection registry and the connections table the notifier reads, like the users of a
 * real deployment who are online but not chatting). Figures: delivery latency (send -> the other party's
 * `message` event) p50/p99, target p99 < 50 ms; lost messages and lost acks (must be 0); messages stored.
 *
 * The ratio baseline is a bare `ws` relay (support/child-server.ts, mode bare-ws) that hands each frame to
 * the other party's socket and acks it: the same client driver, the same sockets, the same rate, so the
 * ratio is what the lab adds (ticket-less here; route selection, the handler, the store write, the notifier's
 * connection lookup, and with several replicas LISTEN/NOTIFY).
 *
 * Servers run as child processes; with a PostgreSQL server, `replicas` lab processes share it and users
 * alternate between them, so with 2+ replicas every delivery crosses LISTEN/NOTIFY. Without one, the lab runs
 * on PGlite (one replica). `chat-load.ts` is the CLI for other sizes.
 */
import { cpus } from 'node:os';
import WebSocket from 'ws';
import type { BenchContext, BenchFigure, Benchmark, BenchResult } from './bench-result';
import { createBenchStore, type SeededUser, seedUsers } from './support/bench-store';
import { type ChildServer, startChildServer } from './support/child-process';
import { percentile, ratio, round } from './support/stats';

export interface WsFanoutOptions {
  /** Open sockets, one per user. */
  connections: number;
  /** Pairs of users that chat; every other user is connected and idle. */
  conversations: number;
  /** Messages each chatting user sends. */
  messagesPerUser: number;
  /** Messages per second over all chatting users (a steady load; far above what the store takes measures queueing). */
  rate: number;
  /** Lab processes sharing one PostgreSQL (LISTEN/NOTIFY between them); 1 without a server. */
  replicas: number;
  /** After the last send, how long to wait for deliveries before counting the rest lost. */
  drainTimeoutMs?: number;
  databaseUrl?: string;
  log: (line: string) => void;
}

export const WS_FANOUT_FULL = {
  connections: 1_000,
  conversations: 200,
  messagesPerUser: 5,
  rate: 200,
  replicas: 1,
};
export const WS_FANOUT_QUICK = {
  connections: 100,
  conversations: 20,
  messagesPerUser: 2,
  rate: 40,
  replicas: 1,
};

const TARGET_P99_MS = 50;
const CONNECT_BATCH = 50;

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Target {
  label: string;
  /** The socket URL for one user (the lab: after asking for a ticket). */
  socketUrl(user: SeededUser, index: number): Promise<string>;
  /** The servers' CPU time so far (µs, all replicas). */
  cpuMicros(): Promise<number>;
}

interface DriveResult {
  connectMs: number;
  sent: number;
  delivered: number;
  acked: number;
  /** Message events that reached a socket of someone outside the conversation. */
  misdelivered: number;
  /** Ascending, ms. */
  latencies: number[];
  /** From the first send to the last delivery (or the drain deadline). */
  sendMs: number;
  /** Server CPU time (all replicas) from the first send to the last delivery, per message sent. */
  cpuMsPerMessage: number;
}

interface ServerFrame {
  type?: string;
  clientMessageId?: string;
  message?: { clientMessageId?: string; conversationId?: string };
}

/** Connects every user, sends the paced messages of the chatting users, waits for deliveries, disconnects. */
async function drive(
  target: Target,
  users: readonly SeededUser[],
  options: WsFanoutOptions,
): Promise<DriveResult> {
  const chatters = options.conversations * 2;
  const sentAt = new Map<string, number>();
  const received = new Set<string>();
  const acked = new Set<string>();
  const latencies: number[] = [];
  let misdelivered = 0;
  const sockets: WebSocket[] = new Array(users.length);

  const connectStarted = now();
  for (let start = 0; start < users.length; start += CONNECT_BATCH) {
    await Promise.all(
      users.slice(start, start + CONNECT_BATCH).map(async (user, offset) => {
        const index = start + offset;
        const socket = new WebSocket(await target.socketUrl(user, index), { perMessageDeflate: false });
        await new Promise<void>((resolve, reject) => {
          socket.once('open', () => resolve());
          socket.once('error', reject);
          socket.once('unexpected-response', (_request, response) =>
            reject(new Error(`${target.label}: upgrade answered ${response.statusCode}`)),
          );
        });
        socket.on('message', (data: WebSocket.RawData) => {
          const frame = JSON.parse(data.toString()) as ServerFrame;
          if (frame.type === 'message' && frame.message?.clientMessageId) {
            if (frame.message.conversationId !== user.matchId) misdelivered += 1;
            const key = frame.message.clientMessageId;
            if (received.has(key)) return;
            received.add(key);
            const sent = sentAt.get(key);
            if (sent !== undefined) latencies.push(now() - sent);
          } else if (frame.type === 'messageAck' && frame.clientMessageId) {
            acked.add(frame.clientMessageId);
          }
        });
        sockets[index] = socket;
      }),
    );
  }
  const connectMs = now() - connectStarted;
  options.log(`  ${target.label}: ${users.length} connections open in ${Math.round(connectMs)} ms`);

  // Paced: every 10 ms, the messages due by then at `rate` per second, round robin over the chatting users.
  const expected = chatters * options.messagesPerUser;
  const cpuBefore = await target.cpuMicros();
  const sendStarted = now();
  let sent = 0;
  while (sent < expected) {
    const due = Math.min(expected, Math.floor(((now() - sendStarted) / 1000) * options.rate) + 1);
    for (; sent < due; sent += 1) {
      const index = sent % chatters;
      const roundIndex = Math.floor(sent / chatters);
      const user = users[index] as SeededUser;
      const clientMessageId = `u${index}-r${roundIndex}`;
      sentAt.set(clientMessageId, now());
      sockets[index]?.send(
        JSON.stringify({
          action: 'sendMessage',
          conversationId: user.matchId,
          clientMessageId,
          text: `round ${roundIndex}`,
        }),
      );
    }
    await sleep(10);
  }
  const deadline = now() + (options.drainTimeoutMs ?? 30_000);
  while ((received.size < expected || acked.size < expected) && now() < deadline) await sleep(20);
  const sendMs = now() - sendStarted;
  const cpuMsPerMessage = ((await target.cpuMicros()) - cpuBefore) / 1000 / expected;
  await Promise.all(
    sockets.map(
      (socket) =>
        new Promise<void>((resolve) => {
          if (socket.readyState === WebSocket.CLOSED) return resolve();
          socket.once('close', () => resolve());
          socket.close(1000);
          setTimeout(() => {
            socket.terminate();
            resolve();
          }, 5_000).unref();
        }),
    ),
  );
  latencies.sort((a, b) => a - b);
  return {
    connectMs,
    sent: expected,
    delivered: received.size,
    acked: acked.size,
    misdelivered,
    latencies,
    sendMs,
    cpuMsPerMessage,
  };
}

const describeRun = (label: string, run: DriveResult) => {
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  return `${label}: delivered ${run.delivered}/${run.sent}, acked ${run.acked}, latency p50 ${ms(percentile(run.latencies, 50))}, p90 ${ms(percentile(run.latencies, 90))}, p99 ${ms(percentile(run.latencies, 99))}, max ${ms(run.latencies.at(-1) ?? Number.NaN)}; last delivery ${Math.round(run.sendMs)} ms after the first send; server CPU ${run.cpuMsPerMessage.toFixed(3)} ms per message`;
};

export async function runWsFanout(options: WsFanoutOptions): Promise<BenchResult> {
  const { connections, conversations, replicas, databaseUrl } = options;
  if (conversations * 2 > connections) throw new Error('conversations * 2 must not exceed connections');
  if (replicas > 1 && !databaseUrl) throw new Error('more than one replica needs PostgreSQL (DATABASE_URL)');
  const bench = await createBenchStore(databaseUrl);
  const children: ChildServer[] = [];
  const stopChildren = async () => {
    for (const child of children.splice(0)) await child.stop();
  };
  try {
    const seedStarted = now();
    const opened = await bench.open();
    let users: SeededUser[];
    try {
      users = await seedUsers(opened.store, { users: connections, pairs: conversations, profiles: false });
    } finally {
      await opened.store.close();
    }
    options.log(
      `  seeded ${connections} users and ${conversations} matches in ${Math.round(now() - seedStarted)} ms (${bench.description})`,
    );
    const spec = {
      location: bench.location,
      scratchDir: bench.scratchDir,
      channel: `bench_ws_${process.pid}`,
    };

    const relay = await startChildServer({ ...spec, mode: 'bare-ws' });
    children.push(relay);
    const relayUrl = relay.url.replace(/^http/, 'ws');
    const bare = await drive(
      {
        label: 'bare ws relay',
        cpuMicros: () => relay.cpuMicros(),
        socketUrl: async (user) =>
          `${relayUrl}/ws?user=${user.id}&partner=${user.partner === undefined ? '' : users[user.partner]?.id}`,
      },
      users,
      options,
    );
    options.log(`  ${describeRun('bare ws relay', bare)}`);
    await stopChildren();

    const labs: ChildServer[] = [];
    for (let index = 0; index < replicas; index += 1) {
      const lab = await startChildServer({ ...spec, mode: 'lab' });
      children.push(lab);
      labs.push(lab);
    }
    const lab = await drive(
      {
        label: `lab runtime (${replicas} replica${replicas > 1 ? 's' : ''})`,
        cpuMicros: async () =>
          (await Promise.all(labs.map((server) => server.cpuMicros()))).reduce(
            (sum, micros) => sum + micros,
            0,
          ),
        async socketUrl(user, index) {
          const server = labs[index % labs.length] as ChildServer;
          const ticket = await fetch(`${server.url}/api/realtime/ticket`, {
            method: 'POST',
            headers: { authorization: `Bearer ${user.token}` },
          });
          if (ticket.status !== 200) throw new Error(`ticket: ${ticket.status} ${await ticket.text()}`);
          const { url } = (await ticket.json()) as { url: string };
          return `${server.url.replace(/^http/, 'ws')}${url}`;
        },
      },
      users,
      options,
    );
    options.log(`  ${describeRun('lab runtime', lab)}`);
    await stopChildren();

    const counted = await bench.open();
    let stored: number;
    try {
      const { rows } = await counted.client.query<{ count: number }>(
        'SELECT count(*)::int AS count FROM messages',
      );
      stored = rows[0]?.count ?? 0;
    } finally {
      await counted.store.close();
    }

    const p = (run: DriveResult, at: number) => round(percentile(run.latencies, at), 1);
    const lost = lab.sent - lab.delivered;
    const lostAcks = lab.sent - lab.acked;
    const p99Ratio = ratio(p(lab, 99), p(bare, 99));
    const p50Ratio = ratio(p(lab, 50), p(bare, 50));
    const connectRatio = ratio(lab.connectMs, bare.connectMs);
    const cpuRatio = ratio(lab.cpuMsPerMessage, bare.cpuMsPerMessage);
    const figures: BenchFigure[] = [
      {
        name: 'delivery latency p50',
        value: p(lab, 50),
        unit: 'ms',
        baseline: { name: 'bare ws relay p50', value: p(bare, 50) },
        ...(p50Ratio === undefined ? {} : { ratio: p50Ratio }),
      },
      {
        name: 'delivery latency p99',
        value: p(lab, 99),
        unit: 'ms',
        baseline: { name: 'bare ws relay p99', value: p(bare, 99) },
        ...(p99Ratio === undefined ? {} : { ratio: p99Ratio }),
        target: `< ${TARGET_P99_MS} ms`,
        met: p(lab, 99) < TARGET_P99_MS,
      },
      {
        name: `server CPU per message${replicas > 1 ? ` (all ${replicas} replicas)` : ''}`,
        value: round(lab.cpuMsPerMessage, 3),
        unit: 'ms',
        baseline: { name: 'bare ws relay', value: round(bare.cpuMsPerMessage, 3) },
        ...(cpuRatio === undefined ? {} : { ratio: cpuRatio }),
      },
      { name: 'lost messages', value: lost, unit: 'messages', target: '0', met: lost === 0 },
      { name: 'lost acks', value: lostAcks, unit: 'acks', target: '0', met: lostAcks === 0 },
      {
        name: 'messages stored',
        value: stored,
        unit: 'messages',
        target: `= ${lab.sent} sent`,
        met: stored === lab.sent,
      },
      {
        name: `${connections} connections open (ticket + upgrade + $connect each, ${CONNECT_BATCH} at a time)`,
        value: Math.round(lab.connectMs),
        unit: 'ms',
        baseline: { name: 'bare ws relay (upgrade only)', value: Math.round(bare.connectMs) },
        ...(connectRatio === undefined ? {} : { ratio: connectRatio }),
      },
    ];
    const notes = [describeRun('lab runtime', lab), describeRun('bare ws relay', bare)];
    if (lab.misdelivered > 0)
      notes.push(`lab: ${lab.misdelivered} message events reached a socket outside their conversation`);
    if (bare.sent !== bare.delivered || bare.sent !== bare.acked) {
      notes.push(
        `the bare relay lost ${bare.sent - bare.delivered} messages and ${bare.sent - bare.acked} acks: the client side is overloaded, the figures are suspect`,
      );
    }
    return {
      id: 'ws-fanout',
      title: 'WebSocket fan-out on the lab runtime',
      setup: {
        store: bench.description,
        replicas,
        connections,
        connectionModel: 'one connection per user',
        conversations,
        chattingUsers: conversations * 2,
        idleUsers: connections - conversations * 2,
        messagesPerChattingUser: options.messagesPerUser,
        messages: lab.sent,
        ratePerSecond: options.rate,
        servers:
          'child processes (the bare relay, then the lab replicas), client driver in the calling process',
        rateLimits: 'off',
        node: process.version,
        cpus: cpus().length,
      },
      figures,
      notes,
    };
  } finally {
    await stopChildren();
    await bench.dispose();
  }
}

export const wsFanout: Benchmark = (context: BenchContext) =>
  runWsFanout({
    ...(context.quick ? WS_FANOUT_QUICK : WS_FANOUT_FULL),
    ...(context.databaseUrl ? { databaseUrl: context.databaseUrl } : {}),
    log: context.log,
  });
