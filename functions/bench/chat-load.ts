/**
 * Chat load test (not a timed test): holds N WebSocket connections to the lab runtime, has every user send
 * messages to their match over the WebSocket, and reports delivery latency percentiles and lost messages.
 * Exits 1 when any message or ack is lost.
 *
 *   npm run bench:chat -w functions -- --connections=1000 --messages=5 --rate=100
 *   DATABASE_URL=postgres://... npm run bench:chat -w functions -- --replicas=2 --rate=400
 *
 * Without DATABASE_URL the servers run on in-memory PGlite (one replica); with it, each replica has its own
 * pool and the replicas reach each other's sockets over LISTEN/NOTIFY (users alternate between replicas, so
 * most deliveries cross). Rate limits are off; users and matches are written straight to the store and access
 * tokens minted with the server's key (registering 1,000 users would measure scrypt, not chat).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { openPostgresStore } from '../src/adapters/postgres';
import { newId } from '../src/domain/ids';
import { findAppRoot } from '../src/runtime/lab/app-root';
import { loadLabConfig } from '../src/runtime/lab/config';
import { type LabServer, startLabServer } from '../src/runtime/lab/server';
import { issueAccessToken } from '../src/services/auth/access-tokens';

const argument = (name: string, fallback: number) => {
  const given = process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
  const value = Number(given ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive whole number`);
  return value;
};
const connections = argument('connections', 1_000);
const messagesPerUser = argument('messages', 5);
const replicas = argument('replicas', 1);
/** Messages per second over all users: a steady chat load (far above what the store takes measures only queueing). */
const rate = argument('rate', 100);
const databaseUrl = process.env.DATABASE_URL;
if (connections % 2 !== 0) throw new Error('--connections must be even (users come in matched pairs)');
if (replicas > 1 && !databaseUrl) throw new Error('--replicas > 1 needs DATABASE_URL (a shared PostgreSQL)');

const now = () => performance.timeOrigin + performance.now();
const log = (line: string) => process.stdout.write(`${line}\n`);
const schema = `bench_${randomBytes(4).toString('hex')}`;

async function startReplicas(): Promise<{ servers: LabServer[]; cleanup: () => Promise<void> }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'chat-bench-'));
  const config = loadLabConfig(
    {
      PORT: '0',
      HOST: '127.0.0.1',
      JWT_SECRET: 'bench-only-jwt-secret-0123456789abcdef',
      LOG_LEVEL: 'error',
      RATE_LIMITS: 'off',
      DATA_DIR: dataDir,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    },
    { appRoot: findAppRoot(), appVersion: 'bench', cwd: process.cwd() },
  );
  const servers: LabServer[] = [];
  for (let index = 0; index < replicas; index += 1) {
    const { store } = await openPostgresStore(databaseUrl ? { databaseUrl, schema } : {});
    servers.push(
      await startLabServer(config, { store, logWrite: () => {}, realtimeChannel: `bench_${schema}` }),
    );
  }
  return {
    servers,
    async cleanup() {
      for (const server of servers) await server.close();
      if (databaseUrl) {
        const { client } = await openPostgresStore({ databaseUrl, schema });
        await client.query(`DROP SCHEMA ${schema} CASCADE`);
        await client.close();
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

interface User {
  id: string;
  token: string;
  partner: number;
  matchId: string;
  server: LabServer;
  socket?: WebSocket;
  received: Set<string>;
  acked: Set<string>;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN);

async function inBatches<T>(items: T[], size: number, task: (item: T) => Promise<void>) {
  for (let index = 0; index < items.length; index += size) {
    await Promise.all(items.slice(index, index + size).map(task));
  }
}

async function main() {
  const started = now();
  const { servers, cleanup } = await startReplicas();
  const first = servers[0];
  if (!first) throw new Error('no server');
  const { store } = first.deps;
  try {
    log(
      `chat load: ${connections} connections, ${messagesPerUser} messages per user at ${rate}/s, ${replicas} replica(s) on ${databaseUrl ? 'PostgreSQL' : 'PGlite'}`,
    );
    const users: User[] = [];
    for (let index = 0; index < connections; index += 1) {
      const id = newId();
      await store.users.create({
        id,
        email: `bench-${id.toLowerCase()}@example.test`,
        passwordHash: 'scrypt$14$8$1$c2FsdA$aGFzaA',
        status: 'active',
        createdAt: new Date().toISOString(),
      });
      const token = await issueAccessToken(
        first.deps.config.auth,
        { userId: id, sessionId: newId() },
        new Date(),
      );
      const server = servers[index % servers.length] ?? first;
      users.push({
        id,
        token,
        partner: index ^ 1,
        matchId: '',
        server,
        received: new Set(),
        acked: new Set(),
      });
    }
    for (let index = 0; index < connections; index += 2) {
      const [a, b] = [users[index], users[index + 1]];
      if (!a || !b) continue;
      const at = new Date().toISOString();
      await store.swipes.record({ swiperId: a.id, targetId: b.id, decision: 'like', createdAt: at }, newId());
      const result = await store.swipes.record(
        { swiperId: b.id, targetId: a.id, decision: 'like', createdAt: at },
        newId(),
      );
      if (result.status !== 'recorded' || !result.match) throw new Error('could not match a pair');
      a.matchId = result.match.id;
      b.matchId = result.match.id;
    }
    log(`  seeded ${connections} users and ${connections / 2} matches in ${Math.round(now() - started)} ms`);

    const latencies: number[] = [];
    const sentAt = new Map<string, number>();
    const connectStarted = now();
    await inBatches(users, 50, async (user) => {
      const ticket = await fetch(`${user.server.url}/api/realtime/ticket`, {
        method: 'POST',
        headers: { authorization: `Bearer ${user.token}` },
      });
      if (ticket.status !== 200) throw new Error(`ticket: ${ticket.status}`);
      const { url } = (await ticket.json()) as { url: string };
      const socket = new WebSocket(`${user.server.url.replace(/^http/, 'ws')}${url}`);
      await new Promise<void>((resolve, reject) => {
        socket.once('open', () => resolve());
        socket.once('error', reject);
        socket.once('unexpected-response', (_request, response) =>
          reject(new Error(`upgrade: ${response.statusCode}`)),
        );
      });
      socket.on('message', (data: WebSocket.RawData) => {
        const event = JSON.parse(data.toString()) as {
          type: string;
          clientMessageId?: string;
          message?: { clientMessageId: string };
        };
        if (event.type === 'message' && event.message) {
          const key = event.message.clientMessageId;
          if (!user.received.has(key)) {
            user.received.add(key);
            const sent = sentAt.get(key);
            if (sent !== undefined) latencies.push(now() - sent);
          }
        } else if (event.type === 'messageAck' && event.clientMessageId) {
          user.acked.add(event.clientMessageId);
        }
      });
      user.socket = socket;
    });
    const connectMs = now() - connectStarted;
    log(
      `  ${connections} connections open in ${Math.round(connectMs)} ms (ticket + upgrade + $connect each)`,
    );

    const sendStarted = now();
    const expected = connections * messagesPerUser;
    // Paced: every 10 ms, the messages due by then at `rate` per second, round-robin over the users.
    let sent = 0;
    while (sent < expected) {
      const due = Math.min(expected, Math.floor(((now() - sendStarted) / 1000) * rate) + 1);
      for (; sent < due; sent += 1) {
        const index = sent % connections;
        const round = Math.floor(sent / connections);
        const user = users[index];
        const clientMessageId = `u${index}-r${round}`;
        sentAt.set(clientMessageId, now());
        user?.socket?.send(
          JSON.stringify({
            action: 'sendMessage',
            conversationId: user.matchId,
            clientMessageId,
            text: `round ${round}`,
          }),
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const deadline = now() + 60_000;
    const delivered = () => users.reduce((sum, user) => sum + user.received.size, 0);
    const acked = () => users.reduce((sum, user) => sum + user.acked.size, 0);
    while ((delivered() < expected || acked() < expected) && now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const sendMs = now() - sendStarted;
    const stored = (
      await Promise.all(
        users
          .filter((_, index) => index % 2 === 0)
          .map((user) => store.conversations.list(user.matchId, { limit: 50 })),
      )
    ).reduce((sum, list) => sum + list.length, 0);

    latencies.sort((a, b) => a - b);
    const lost = expected - delivered();
    const lostAcks = expected - acked();
    const fmt = (value: number) => `${value.toFixed(1)} ms`;
    log(
      `  sent ${expected} messages over WebSocket at ${rate}/s; the last one delivered after ${Math.round(sendMs)} ms`,
    );
    log(`  stored ${stored}, delivered ${delivered()}, acked ${acked()}`);
    log(
      `  delivery latency (send -> other side's message event): p50 ${fmt(percentile(latencies, 50))}, p90 ${fmt(percentile(latencies, 90))}, p99 ${fmt(percentile(latencies, 99))}, max ${fmt(latencies.at(-1) ?? Number.NaN)}`,
    );
    log(`  lost messages: ${lost}, lost acks: ${lostAcks}`);
    for (const user of users) user.socket?.close(1000);
    if (lost > 0 || lostAcks > 0 || stored !== expected) process.exitCode = 1;
  } finally {
    await cleanup();
  }
}

await main();
