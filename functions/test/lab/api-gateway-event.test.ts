import { describe, expect, it } from 'vitest';
import { buildHttpApiEvent, type GatewayRequest } from '../../src/runtime/lab/api-gateway-event';

const request = (rawQueryString: string, rawHeaders: string[]): GatewayRequest => ({
  method: 'GET',
  path: '/api/health',
  rawQueryString,
  rawHeaders: ['Host', 'localhost:8080', ...rawHeaders],
  httpVersion: '1.1',
  body: Buffer.alloc(0),
  client: { sourceIp: '127.0.0.1', protocol: 'http', port: '8080', forwardedFor: '127.0.0.1' },
  requestId: 'req-1',
  receivedAt: new Date('2026-11-25T12:00:00Z'),
});

describe('the HTTP API event the lab builds', () => {
  it('keeps query parameters and headers named like Object.prototype members as plain keys', () => {
    const event = buildHttpApiEvent(
      request('constructor=x&__proto__=y&toString=z&a=1&a=2', ['Constructor', 'h', 'toString', 't']),
      null,
    );
    expect(Object.entries(event.queryStringParameters ?? {})).toEqual([
      ['constructor', 'x'],
      ['__proto__', 'y'],
      ['toString', 'z'],
      ['a', '1,2'],
    ]);
    expect(event.headers.constructor).toBe('h');
    expect(event.headers.tostring).toBe('t');
  });
});
