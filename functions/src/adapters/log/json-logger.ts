import type { LogFields, Logger } from '../../ports/logger';
import { serializeErrorFields } from './serialize-error';

type Level = 'debug' | 'info' | 'warn' | 'error';
const rank: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface JsonLoggerOptions {
  level?: Level;
  /** Where lines go; stdout by default (CloudWatch and kubectl logs both read it). */
  write?: (line: string) => void;
  base?: LogFields;
}

/** One JSON object per line: `{"time","level","msg",...fields}`; Error values become serializeError's fields. */
export function createJsonLogger(options: JsonLoggerOptions = {}): Logger {
  const threshold = rank[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const make = (base: LogFields): Logger => {
    const emit = (level: Level, msg: string, fields?: LogFields) => {
      if (rank[level] < threshold) return;
      const extra = fields ? serializeErrorFields(fields) : undefined;
      write(JSON.stringify({ time: new Date().toISOString(), level, msg, ...base, ...extra }));
    };
    return {
      debug: (msg, fields) => emit('debug', msg, fields),
      info: (msg, fields) => emit('info', msg, fields),
      warn: (msg, fields) => emit('warn', msg, fields),
      error: (msg, fields) => emit('error', msg, fields),
      child: (fields) => make({ ...base, ...fields }),
    };
  };
  return make(options.base ?? {});
}

export const isLogLevel = (value: string): value is Level => value in rank;
