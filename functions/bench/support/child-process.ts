import { type ChildProcess, fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchStoreLocation } from './bench-store';

/**
 * Servers under test run in child processes (child-server.ts), never in the process that generates the load
 * or drives the clients: otherwise the measuring code would compete with the server for one event loop and
 * one JavaScript thread, flattering neither side and punishing whichever does more per request. The lab and
 * its baseline get exactly the same treatment: same launcher, same Node flags, one process each.
 */
export type ChildMode = 'lab' | 'bare-http' | 'bare-ws';

export interface ChildSpec {
  mode: ChildMode;
  location: BenchStoreLocation;
  scratchDir: string;
  /** The LISTEN/NOTIFY channel the lab replicas of one run share. */
  channel: string;
}

export type ChildMessage =
  | { type: 'ready'; url: string }
  | { type: 'failed'; error: string }
  /** Answer to `{ type: 'cpu' }`: the process's user + system CPU time so far. */
  | { type: 'cpu'; micros: number };

/** The lab store's pool size: `pg.Pool`'s default, since the lab passes none. The baseline uses the same. */
export const LAB_POOL_SIZE = 10;

export interface ChildServer {
  url: string;
  pid: number;
  /**
   * CPU time (user + system, µs) the server process has used so far. The difference over a measurement,
   * divided by the requests served, is a figure that a busy machine distorts far less than req/s.
   */
  cpuMicros(): Promise<number>;
  /** Asks the server to close gracefully (the lab waits up to 10 s for requests in flight); kills it after 20 s. */
  stop(): Promise<void>;
}

const CHILD_ENTRY = fileURLToPath(new URL('./child-server.ts', import.meta.url));
// The TypeScript loader the `tsx` CLI uses, so children run the sources as they are.
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });

/**
 * `BENCH_CPU_PROF=<folder>`: every server under test writes a V8 CPU profile there when it stops (open it in
 * Chrome DevTools or speedscope) — how to find what the lab spends its time on under a benchmark's load.
 */
const profiling = (): string[] => {
  const folder = process.env.BENCH_CPU_PROF;
  return folder ? ['--cpu-prof', `--cpu-prof-dir=${folder}`] : [];
};

export async function startChildServer(spec: ChildSpec, startTimeoutMs = 120_000): Promise<ChildServer> {
  const child = fork(CHILD_ENTRY, [], {
    execArgv: ['--import', TSX_LOADER, ...profiling()],
    env: { ...process.env, BENCH_CHILD: JSON.stringify(spec) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${spec.mode} server did not start within ${startTimeoutMs / 1000} s`));
    }, startTimeoutMs);
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'cpu') return;
      clearTimeout(timer);
      if (message.type === 'ready') resolve(message.url);
      else reject(new Error(`${spec.mode} server failed to start: ${message.error}`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${spec.mode} server exited while starting (${signal ?? code})`));
    });
  });
  const cpuWaiters: Array<(micros: number) => void> = [];
  child.on('message', (message: ChildMessage) => {
    if (message.type === 'cpu') cpuWaiters.shift()?.(message.micros);
  });
  let stopping: Promise<void> | undefined;
  return {
    url,
    pid: child.pid ?? -1,
    cpuMicros: () =>
      new Promise<number>((resolve, reject) => {
        if (!child.connected) return reject(new Error(`${spec.mode} server is gone`));
        cpuWaiters.push(resolve);
        child.send({ type: 'cpu' });
      }),
    stop() {
      stopping ??= (async () => {
        if (child.connected) child.send({ type: 'stop' });
        const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited(child);
        clearTimeout(killer);
      })();
      return stopping;
    },
  };
}

/**
 * Waits until the server has gone quiet (under 5% of a core over two 100 ms windows in a row, at most
 * `maxMs`): a load generator that stops leaves requests in flight, and on a busy machine a backlog, which
 * must not run on into the next measurement.
 */
export async function waitUntilIdle(server: ChildServer, maxMs = 30_000): Promise<void> {
  const deadline = performance.now() + maxMs;
  let quiet = 0;
  let last = await server.cpuMicros();
  while (quiet < 2 && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = await server.cpuMicros();
    quiet = now - last < 5_000 ? quiet + 1 : 0;
    last = now;
  }
}
