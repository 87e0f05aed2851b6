/**
 * A server under test, in its own process (started by child-process.ts through `fork`): the load generator
 * and the client driver run in the parent, so they never share this server's event loop or JavaScript
 * thread, which is how a deployment sees its clients. Modes:
 *   lab        the lab runtime (startLabServer) on the benchmark's store
 *   bare-http  the API baseline: node:http + jose jwtVerify (same key and checks) + one `pg` select of the
 *              user row, pool of the same size as the lab store's (pg's default, 10); and a diagnostic
 *              variant that makes the lab's queries
 *   bare-ws    the WebSocket baseline: a `ws` server that relays each frame to the other party's socket
 * Sends `{ type: 'ready', url }` over IPC once listening; answers `{ type: 'cpu' }` with its CPU time so far;
 * stops (gracefully, the lab's own shutdown) on `{ type: 'stop' }` or when the parent goes.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jwtVerify } from 'jose';
import pg from 'pg';
import { WebSocket, WebSocketServer } from 'ws';
import { openPostgresStore } from '../../src/adapters/postgres';
import { profileColumns } from '../../src/adapters/postgres/profiles';
import { quoteIdentifier } from '../../src/adapters/postgres/sql-client';
import { findAppRoot } from '../../src/runtime/lab/app-root';
import { loadLabConfig } from '../../src/runtime/lab/config';
import { startLabServer } from '../../src/runtime/lab/server';
import { BENCH_JWT_SECRET, benchLabEnvironment } from './bench-store';
import { type ChildMessage, type ChildSpec, LAB_POOL_SIZE } from './child-process';

interface Running {
  url: string;
  close(): Promise<void>;
}

const listen = (server: Server) =>
  new Promise<string>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    });
  });

const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });

const labConfig = (spec: ChildSpec) =>
  loadLabConfig(benchLabEnvironment(spec), {
    appRoot: findAppRoot(),
    appVersion: 'bench',
    cwd: process.cwd(),
  });

async function startLab(spec: ChildSpec): Promise<Running> {
  const config = labConfig(spec);
  const { store } = await openPostgresStore(
    spec.location.kind === 'postgres'
      ? { databaseUrl: spec.location.databaseUrl, schema: spec.location.schema }
      : { dataDir: spec.location.dataDir },
  );
  const server = await startLabServer(config, {
    store,
    // LOG_LEVEL=warn: no access log lines (the baseline writes none either), but trouble shows up.
    logWrite: (line) => process.stderr.write(`[lab ${process.pid}] ${line}\n`),
    realtimeChannel: spec.channel,
  });
  return { url: server.url, close: () => server.close() };
}

interface UserRow {
  id: string;
  email: string;
  password_hash: string;
  status: string;
  created_at: Date;
}

async function startBareHttp(spec: ChildSpec): Promise<Running> {
  if (spec.location.kind !== 'postgres') throw new Error('the bare HTTP baseline needs PostgreSQL');
  const pool = new pg.Pool({
    connectionString: spec.location.databaseUrl,
    max: LAB_POOL_SIZE,
    options: `-c search_path=${quoteIdentifier(spec.location.schema)}`,
  });
  const key = new TextEncoder().encode(BENCH_JWT_SECRET);
  const { jwtIssuer, jwtAudience } = labConfig(spec);
  const reply = (response: ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    response.end(JSON.stringify(body));
  };
  const selectUser = async (id: unknown) => {
    const { rows } = await pool.query<UserRow>(
      'SELECT id, email, password_hash, status, created_at FROM users WHERE id = $1',
      [id],
    );
    return rows[0];
  };
  // GET /me: the baseline. GET /me-same-queries (a diagnostic): the same, plus the query the lab's GET
  // /api/me makes beyond it (the profile, after authentication read the user), so the gap
  // between the lab and the baseline splits into "more queries" and "more runtime".
  const server = createServer({ keepAliveTimeout: 5_000 }, (request, response) => {
    const sameQueries = request.url === '/me-same-queries';
    if (request.method !== 'GET' || (request.url !== '/me' && !sameQueries))
      return reply(response, 404, { error: 'not_found' });
    const header = request.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
    jwtVerify(token, key, {
      algorithms: ['HS256'],
      issuer: jwtIssuer,
      audience: jwtAudience,
      requiredClaims: ['sub', 'exp', 'iat'],
    })
      .then(async ({ payload }) => {
        const user = await selectUser(payload.sub);
        if (user?.status !== 'active') return reply(response, 401, { error: 'unauthorized' });
        let displayName: string | null = null;
        if (sameQueries) {
          const profile = await pool.query<{ display_name: string }>(
            `SELECT ${profileColumns('p')} FROM profiles p WHERE p.user_id = $1`,
            [payload.sub],
          );
          displayName = profile.rows[0]?.display_name ?? null;
        }
        reply(response, 200, {
          id: user.id,
          email: user.email,
          createdAt: user.created_at.toISOString(),
          ...(sameQueries ? { profileComplete: displayName !== null, displayName } : {}),
        });
      })
      .catch(() => reply(response, 401, { error: 'unauthorized' }));
  });
  const url = await listen(server);
  return {
    url,
    async close() {
      await closeServer(server);
      await pool.end();
    },
  };
}

interface RelayFrame {
  action?: string;
  conversationId?: string;
  clientMessageId?: string;
  text?: string;
}

/** `/ws?user=<id>&partner=<id>`: each `sendMessage` frame goes to the partner as `message`, back as `messageAck`. */
async function startBareWs(): Promise<Running> {
  const server = createServer((_request, response) => {
    response.writeHead(404).end();
  });
  // The lab gateway's options: no compression, API Gateway's 32 KB frames.
  const sockets = new WebSocketServer({
    server,
    path: '/ws',
    perMessageDeflate: false,
    maxPayload: 32 * 1024,
  });
  const byUser = new Map<string, WebSocket>();
  let sequence = 0;
  sockets.on('connection', (socket, request) => {
    const query = new URL(request.url ?? '/', 'http://bench').searchParams;
    const user = query.get('user') ?? '';
    const partner = query.get('partner') ?? '';
    byUser.set(user, socket);
    socket.on('message', (data: WebSocket.RawData) => {
      let frame: RelayFrame;
      try {
        frame = JSON.parse(data.toString()) as RelayFrame;
      } catch {
        return;
      }
      if (frame.action !== 'sendMessage') return;
      sequence += 1;
      const message = {
        id: `m${sequence}`,
        conversationId: frame.conversationId,
        senderId: user,
        clientMessageId: frame.clientMessageId,
        text: frame.text,
        sentAt: new Date().toISOString(),
      };
      const other = byUser.get(partner);
      if (other?.readyState === WebSocket.OPEN) other.send(JSON.stringify({ type: 'message', message }));
      socket.send(JSON.stringify({ type: 'messageAck', clientMessageId: frame.clientMessageId, message }));
    });
    socket.on('close', () => {
      if (byUser.get(user) === socket) byUser.delete(user);
    });
  });
  const url = await listen(server);
  return {
    url,
    async close() {
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      await closeServer(server);
    },
  };
}

async function main() {
  const send = (message: ChildMessage) => process.send?.(message);
  const spec = JSON.parse(process.env.BENCH_CHILD ?? 'null') as ChildSpec | null;
  if (!spec || !process.send)
    throw new Error('child-server.ts runs only as a forked child (see child-process.ts)');
  let running: Running;
  try {
    running =
      spec.mode === 'lab'
        ? await startLab(spec)
        : spec.mode === 'bare-http'
          ? await startBareHttp(spec)
          : await startBareWs();
  } catch (error) {
    send({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.exit(1);
  }
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('message', (message: { type?: string }) => {
    if (message.type === 'stop') stop();
    if (message.type === 'cpu') {
      const usage = process.cpuUsage();
      send({ type: 'cpu', micros: usage.user + usage.system });
    }
  });
  process.on('disconnect', stop);
  process.on('SIGTERM', stop);
  send({ type: 'ready', url: running.url });
}

await main();
