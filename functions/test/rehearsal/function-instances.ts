import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { RehearsalError } from './cloud-assembly';
import { handlerModule, type RehearsedFunction } from './deployment';

const HOST = join(dirname(fileURLToPath(import.meta.url)), 'lambda-host.mjs');

type HostMessage =
  | { type: 'ready'; loadMs: number }
  | { type: 'load-failed'; error: { name: string; message: string; stack: string } }
  | {
      type: 'result';
      id: string;
      ok: boolean;
      result?: unknown;
      error?: { name: string; message: string; stack: string };
      durationMs: number;
    };

export interface ColdStart {
  /** Spawn to handler ready (process start and module load). */
  totalMs: number;
  /** `import()` of the bundle alone, measured inside the instance. */
  loadMs: number;
}

/** A failed invocation (the handler threw, timed out, or its instance died), with the function's last logs. */
export class InvocationError extends Error {
  override name = 'InvocationError';
}

interface Instance {
  child: ChildProcess;
  busy: boolean;
  ready: Promise<void>;
  pending: Map<string, { resolve(value: unknown): void; reject(error: Error): void }>;
}

/** Lambda's own variables, which the runtime sets for every function (not the template's). */
function lambdaVariables(fn: RehearsedFunction, region: string): Record<string, string> {
  return {
    AWS_LAMBDA_FUNCTION_NAME: fn.name,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.name}`,
    AWS_LAMBDA_LOG_STREAM_NAME: `rehearsal/[$LATEST]${randomUUID().replace(/-/g, '')}`,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    LAMBDA_TASK_ROOT: fn.assetDir,
    _HANDLER: fn.handler,
    TZ: ':UTC',
    LANG: 'en_US.UTF-8',
    PATH: process.env.PATH ?? '/usr/bin:/bin',
  };
}

/**
 * The instances of one function: each a Node process that loads the function's bundle from its asset
 * directory with the template's environment, Lambda's variables and the rehearsal's endpoint overrides, and
 * handles one invocation at a time (as a Lambda instance does); a busy function gets another instance (a cold
 * start) up to `maxInstances`.
 */
export class FunctionInstances {
  readonly coldStarts: ColdStart[] = [];
  readonly bundleBytes: number;
  /** The function's log lines (stdout and stderr of its instances), the last ones. */
  readonly logs: string[] = [];
  /** Log lines at level error, and failed invocations. */
  readonly errors: string[] = [];
  private readonly instances: Instance[] = [];
  private readonly waiting: (() => void)[] = [];
  private readonly module: { file: string; exportName: string };
  private stopped = false;

  constructor(
    readonly fn: RehearsedFunction,
    private readonly overrides: Record<string, string>,
    private readonly options: { region: string; maxInstances?: number; arn?: string },
  ) {
    this.module = handlerModule(fn);
    this.bundleBytes = statSync(this.module.file).size;
  }

  /** The environment an instance gets: Lambda's variables, the template's, then the overrides. */
  environment(): Record<string, string> {
    return { ...lambdaVariables(this.fn, this.options.region), ...this.fn.environment, ...this.overrides };
  }

  private log(line: string, stream: 'stdout' | 'stderr'): void {
    this.logs.push(line);
    if (this.logs.length > 200) this.logs.shift();
    let level: unknown;
    try {
      level = (JSON.parse(line) as { level?: unknown }).level;
    } catch {
      level = undefined;
    }
    if (level === 'error' || level === 'fatal' || (stream === 'stderr' && /Error|error/.test(line))) {
      this.errors.push(line);
    }
  }

  recentLogs(count = 15): string {
    return this.logs.slice(-count).join('\n');
  }

  /** Starts one instance and waits until its handler is loaded (the cold start). */
  async start(): Promise<Instance> {
    const spawned = performance.now();
    const child = fork(HOST, [], {
      cwd: this.fn.assetDir,
      execArgv: [],
      env: {
        ...this.environment(),
        REHEARSAL_HANDLER_FILE: this.module.file,
        REHEARSAL_HANDLER_EXPORT: this.module.exportName,
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    for (const [stream, name] of [
      [child.stdout, 'stdout'],
      [child.stderr, 'stderr'],
    ] as const) {
      if (stream) createInterface({ input: stream }).on('line', (line) => this.log(line, name));
    }
    const instance: Instance = { child, busy: true, ready: Promise.resolve(), pending: new Map() };
    instance.ready = new Promise<void>((resolve, reject) => {
      child.on('message', (raw: unknown) => {
        const message = raw as HostMessage;
        if (message.type === 'ready') {
          this.coldStarts.push({ totalMs: performance.now() - spawned, loadMs: message.loadMs });
          resolve();
        } else if (message.type === 'load-failed') {
          reject(
            new RehearsalError(
              `function ${this.fn.label} (${this.fn.id}): bundle cannot load: ${message.error.message}\n` +
                `${message.error.stack}\n${this.recentLogs()}`,
            ),
          );
        } else if (message.type === 'result') {
          const waiter = instance.pending.get(message.id);
          instance.pending.delete(message.id);
          if (!waiter) return;
          if (message.ok) waiter.resolve(message.result);
          else {
            const error = message.error ?? { name: 'Error', message: 'unknown', stack: '' };
            waiter.reject(
              new InvocationError(
                `function ${this.fn.label}: the handler threw ${error.name}: ${error.message}\n${error.stack}`,
              ),
            );
          }
        }
      });
      child.once('exit', (code, signal) => {
        const index = this.instances.indexOf(instance);
        if (index >= 0) this.instances.splice(index, 1);
        const reason = `function ${this.fn.label}: its instance exited (code ${code}, signal ${signal})`;
        reject(new RehearsalError(`${reason} before its handler loaded\n${this.recentLogs()}`));
        for (const waiter of instance.pending.values()) {
          waiter.reject(new InvocationError(`${reason}\n${this.recentLogs()}`));
        }
        instance.pending.clear();
        this.wake();
      });
    });
    this.instances.push(instance);
    try {
      await instance.ready;
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
    return instance;
  }

  /** Starts an instance ahead of the first invocation (its cold start is measured all the same). */
  async warm(): Promise<void> {
    const instance = await this.start();
    instance.busy = false;
    this.wake();
  }

  private wake(): void {
    this.waiting.shift()?.();
  }

  private async acquire(): Promise<Instance> {
    for (;;) {
      if (this.stopped) throw new RehearsalError(`function ${this.fn.label} is stopped`);
      const idle = this.instances.find((instance) => !instance.busy);
      if (idle) {
        idle.busy = true;
        await idle.ready;
        return idle;
      }
      if (this.instances.length < (this.options.maxInstances ?? 4)) return this.start();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  /** Invokes the function with an event (synchronously, like API Gateway); rejects on a failed invocation. */
  async invoke(event: unknown): Promise<unknown> {
    const instance = await this.acquire();
    const id = randomUUID();
    const deadline = Date.now() + this.fn.timeoutSeconds * 1000;
    try {
      return await new Promise<unknown>((resolve, reject) => {
        const timer = setTimeout(() => {
          instance.child.kill('SIGKILL');
          reject(
            new InvocationError(`function ${this.fn.label}: timed out after ${this.fn.timeoutSeconds} s`),
          );
        }, deadline - Date.now());
        instance.pending.set(id, {
          resolve: (value) => {
            clearTimeout(timer);
            resolve(value);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        });
        instance.child.send({
          type: 'invoke',
          id,
          event,
          deadline,
          requestId: id,
          functionArn: this.options.arn,
        });
      });
    } catch (error) {
      const message = `${(error as Error).message}\n--- last log lines of ${this.fn.label}:\n${this.recentLogs()}`;
      this.errors.push(message);
      throw new InvocationError(message);
    } finally {
      instance.busy = false;
      this.wake();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const exits = this.instances.map(
      (instance) =>
        new Promise<void>((resolve) => {
          if (instance.child.exitCode !== null || instance.child.signalCode !== null) resolve();
          else {
            instance.child.once('exit', () => resolve());
            instance.child.kill('SIGTERM');
          }
        }),
    );
    for (const wake of this.waiting.splice(0)) wake();
    await Promise.all(exits);
  }
}
