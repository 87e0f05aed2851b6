import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A PostgreSQL 15 cluster of a test's own: initdb into a fresh temporary folder, a free port on 127.0.0.1,
 * and stop/start at will (what a resilience test needs and the shared server at DATABASE_URL must never
 * suffer). The binaries come from PG_BIN or Debian's /usr/lib/postgresql/15/bin. PostgreSQL refuses to run
 * as root, so as root every command runs as the `postgres` user (`su postgres -c`).
 */
export interface ThrowawayPostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres (trust authentication, nothing to leak). */
  url: string;
  port: number;
  /** `pg_ctl stop -m fast`: sessions are terminated, new connections refused until start(). */
  stop(): Promise<void>;
  /** Starts the stopped server again on the same port and data; resolves once it accepts connections. */
  start(): Promise<void>;
  /** The server log so far (for failure messages). */
  log(): Promise<string>;
  /** Stops the server (immediately) and removes its folder. Safe to call twice. */
  destroy(): Promise<void>;
}

const DEFAULT_PG_BIN = '/usr/lib/postgresql/15/bin';
const START_ATTEMPTS = 3;
const COMMAND_TIMEOUT_MS = 60_000;

const pgBin = () => process.env.PG_BIN || DEFAULT_PG_BIN;
const runningAsRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** Why a throwaway cluster cannot run here, or null when it can. */
export function throwawayPostgresUnavailableReason(): string | null {
  const bin = pgBin();
  for (const tool of ['initdb', 'pg_ctl', 'postgres']) {
    if (!existsSync(join(bin, tool)))
      return `no PostgreSQL binaries: ${join(bin, tool)} is missing (set PG_BIN)`;
  }
  if (runningAsRoot()) {
    const user = spawnSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
    if (user.status !== 0) return 'running as root and there is no "postgres" user to run PostgreSQL as';
  }
  return null;
}

/**
 * The skip reason (tests skip visibly), or null when a cluster can run. With REQUIRE_SERVICES=1 (CI) a
 * missing prerequisite throws instead, so the suite fails rather than skipping silently.
 */
export function throwawayPostgresSkipReason(): string | null {
  const reason = throwawayPostgresUnavailableReason();
  if (reason !== null && process.env.REQUIRE_SERVICES === '1') {
    throw new Error(`a throwaway PostgreSQL is required when REQUIRE_SERVICES=1: ${reason}`);
  }
  return reason === null ? null : `skipped: ${reason}`;
}

const shellQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

/** Runs a PostgreSQL tool, as the postgres user when we are root; rejects with its output on failure. */
function runTool(tool: string, args: readonly string[]): Promise<string> {
  const binary = join(pgBin(), tool);
  const [file, argv] = runningAsRoot()
    ? ['su', ['postgres', '-s', '/bin/sh', '-c', [binary, ...args].map(shellQuote).join(' ')]]
    : [binary, [...args]];
  return new Promise((resolve, reject) => {
    execFile(file, argv, { timeout: COMMAND_TIMEOUT_MS }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${tool} ${args.join(' ')} failed: ${error.message}\n${stdout}${stderr}`));
      else resolve(`${stdout}${stderr}`);
    });
  });
}

/** initdb + start on a free port. */
export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const root = await mkdtemp(join(tmpdir(), 'pg-throwaway-'));
  // initdb runs as postgres: it must be able to enter the folder and own it.
  await chmod(root, 0o755);
  if (runningAsRoot()) {
    const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    await chown(root, uid, gid);
  }
  const dataDir = join(root, 'data');
  const logFile = join(root, 'server.log');
  const watchdog = startWatchdog(root, dataDir);
  const removeAll = async () => {
    await runTool('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
    await rm(root, { recursive: true, force: true });
    watchdog?.kill('SIGKILL');
  };

  try {
    await runTool('initdb', [
      '-D',
      dataDir,
      '-A',
      'trust',
      '-U',
      'postgres',
      '--no-sync',
      '-E',
      'UTF8',
      '--locale=C.UTF-8',
    ]);
  } catch (error) {
    await removeAll();
    throw error;
  }

  let port = 0;
  const start = () =>
    runTool('pg_ctl', [
      '-D',
      dataDir,
      '-l',
      logFile,
      '-w',
      '-t',
      '30',
      '-o',
      // Its own socket folder, so nothing collides with a system cluster's /var/run/postgresql.
      `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`,
      'start',
    ]).then(() => undefined);

  for (let attempt = 1; ; attempt += 1) {
    port = await freePort();
    try {
      await start();
      break;
    } catch (error) {
      // Another process may take the port between our probe and the server's bind: try another one.
      if (attempt === START_ATTEMPTS) {
        const log = await readFile(logFile, 'utf8').catch(() => '');
        await removeAll();
        throw new Error(`${error instanceof Error ? error.message : error}\n${log}`);
      }
    }
  }

  let destroyed = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    stop: () =>
      runTool('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', '-t', '30', 'stop']).then(() => undefined),
    start,
    log: () => readFile(logFile, 'utf8').catch(() => ''),
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      await removeAll();
    },
  };
}

/**
 * pg_ctl leaves the server running on its own, so a test process that dies without afterAll (a killed
 * vitest worker, a crash) would leak it. A shell blocked on a pipe from us gets EOF when we are gone and
 * then stops the server and removes its folder.
 */
function startWatchdog(root: string, dataDir: string): ChildProcess | null {
  if (process.platform === 'win32') return null;
  const stop = [join(pgBin(), 'pg_ctl'), '-D', dataDir, '-m', 'immediate', 'stop'].map(shellQuote).join(' ');
  const asPostgres = runningAsRoot() ? `su postgres -s /bin/sh -c ${shellQuote(stop)}` : stop;
  const watchdog = spawn(
    'sh',
    ['-c', `read -r _; ${asPostgres} >/dev/null 2>&1; rm -rf ${shellQuote(root)}`, 'pg-throwaway-watchdog'],
    { stdio: ['pipe', 'ignore', 'ignore'] },
  );
  watchdog.on('error', () => {});
  // Not a reason to keep the event loop alive.
  watchdog.unref();
  return watchdog;
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('could not find a free port');
  return address.port;
}
