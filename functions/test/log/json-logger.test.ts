import { describe, expect, it } from 'vitest';
import { createJsonLogger } from '../../src/adapters/log/json-logger';
import { ServiceUnavailableError } from '../../src/domain/errors';

const capture = () => {
  const lines: Record<string, unknown>[] = [];
  const log = createJsonLogger({ level: 'debug', write: (line) => lines.push(JSON.parse(line)) });
  return { log, lines };
};

describe('JSON logger', () => {
  it('logs an error field with its name, message, code, stack and cause chain', () => {
    const { log, lines } = capture();
    const driver = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    log.error('request failed', { requestId: 'r1', error: new ServiceUnavailableError({ cause: driver }) });

    const [line] = lines;
    expect(line).toMatchObject({ level: 'error', msg: 'request failed', requestId: 'r1' });
    const error = line?.error as Record<string, unknown>;
    expect(error.name).toBe('ServiceUnavailableError');
    expect(typeof error.stack).toBe('string');
    expect(error.cause).toMatchObject({
      name: 'Error',
      message: 'connect ECONNREFUSED 127.0.0.1:5432',
      code: 'ECONNREFUSED',
    });
  });

  it('stops a cause chain that loops instead of recursing forever', () => {
    const { log, lines } = capture();
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    a.cause = b;
    log.warn('loop', { error: a });
    expect(JSON.stringify(lines[0])).toContain('[deeper causes omitted]');
  });

  it('leaves fields that are not errors as they are', () => {
    const { log, lines } = capture();
    log.info('plain', { error: 'just text', count: 2 });
    expect(lines[0]).toMatchObject({ error: 'just text', count: 2 });
  });
});
