import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { Duplex } from 'node:stream';
import WebSocket from 'ws';
import { REQUEST_TIMEOUT_MS } from './adversarial-http';

/**
 * WebSocket clients for the adversarial suites: unlike test/support/ws-client.ts they assume nothing about
 * what the server sends (every frame is kept as raw text, binary frames are flagged) and can send what no
 * well-behaved client would.
 */

export interface Received {
  text: string;
  binary: boolean;
}

export interface Closed {
  code: number;
  reason: string;
}

/** A WebSocket that records every frame it receives, as sent. */
export class RawSocket {
  readonly received: Received[] = [];
  readonly closed: Promise<Closed>;
  private listeners: Array<() => void> = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: WebSocket.RawData, binary: boolean) => {
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer);
      this.received.push({ text: bytes.toString('utf8'), binary });
      for (const listener of [...this.listeners]) listener();
    });
    this.closed = new Promise((resolve) =>
      socket.once('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        for (const listener of [...this.listeners]) listener();
      }),
    );
    socket.on('error', () => undefined); // a refused or cut connection shows as `closed`
  }

  /** Opens `url`; rejects with the upgrade's HTTP status when the server refuses it. */
  static open(url: string): Promise<RawSocket> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { perMessageDeflate: false });
      socket.once('open', () => resolve(new RawSocket(socket)));
      socket.once('unexpected-response', (_request, response) => {
        reject(new Error(`WebSocket upgrade refused with ${response.statusCode}`));
        response.resume();
        socket.terminate();
      });
      socket.once('error', reject);
    });
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /** Sends as is: a string as a text frame, a buffer as a binary frame, or as a text frame with `asText`. */
  send(data: string | Buffer, options: { asText?: boolean } = {}): void {
    this.socket.send(data, { binary: typeof data !== 'string' && !options.asText });
  }

  /**
   * Resolves with the frames received from `from` on, up to and excluding the first that passes `until`;
   * rejects as a hang when none does within the timeout, or when the socket closes first.
   */
  async collectUntil(
    from: number,
    until: (frame: Received) => boolean,
    timeoutMs = REQUEST_TIMEOUT_MS,
  ): Promise<Received[]> {
    return new Promise((resolve, reject) => {
      let closed = false;
      void this.closed.then(() => {
        closed = true;
      });
      const check = () => {
        const index = this.received.findIndex((frame, i) => i >= from && until(frame));
        if (index !== -1) {
          finish();
          resolve(this.received.slice(from, index));
        } else if (closed || this.socket.readyState >= WebSocket.CLOSING) {
          finish();
          reject(new Error(`the socket closed; frames since: ${JSON.stringify(this.received.slice(from))}`));
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`hang: no answer within ${timeoutMs} ms; frames since: ${this.describe(from)}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.listeners = this.listeners.filter((listener) => listener !== check);
      };
      this.listeners.push(check);
      check();
    });
  }

  /** The close, or a hang error when the server does not close within the timeout. */
  closedWithin(timeoutMs = REQUEST_TIMEOUT_MS): Promise<Closed> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`hang: the server did not close the socket within ${timeoutMs} ms`)),
        timeoutMs,
      );
      void this.closed.then((closed) => {
        clearTimeout(timer);
        resolve(closed);
      });
    });
  }

  describe(from = 0): string {
    return JSON.stringify(this.received.slice(from).map((frame) => frame.text.slice(0, 300)));
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) {
      this.socket.close(1000);
    }
    const timer = setTimeout(() => this.socket.terminate(), 2_000);
    await this.closed;
    clearTimeout(timer);
  }
}

export interface UpgradeResult {
  /** 101 when the server switched protocols, else the status of its refusal. */
  status: number;
  /** The raw connection after a 101 (the caller ends it). */
  socket?: Duplex;
  /** Bytes that arrived with the 101 (the start of the server's first frames). */
  head?: Buffer;
}

/** A valid `Sec-WebSocket-Key`: 16 random bytes, base64. */
export const webSocketKey = () => randomBytes(16).toString('base64');

/**
 * A WebSocket upgrade with the request line and headers exactly as given (no URL normalization), so hostile
 * paths, query strings and handshake headers reach the server as sent. Never hangs silently.
 */
export function rawUpgrade(
  baseUrl: string,
  path: string,
  headers: Array<[string, string]>,
  timeoutMs = REQUEST_TIMEOUT_MS,
): Promise<UpgradeResult> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const request = httpRequest({
      hostname,
      port,
      path,
      method: 'GET',
      headers: headers.flat(),
      agent: false,
      setHost: true,
    });
    const timer = setTimeout(() => {
      request.destroy();
      reject(new Error(`hang: the upgrade of ${path.slice(0, 200)} got no answer in ${timeoutMs} ms`));
    }, timeoutMs);
    request.on('upgrade', (response, socket, head) => {
      clearTimeout(timer);
      resolve({ status: response.statusCode ?? 0, socket, head });
    });
    request.on('response', (response) => {
      clearTimeout(timer);
      response.resume();
      resolve({ status: response.statusCode ?? 0 });
    });
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.end();
  });
}

/** The headers of a well-formed upgrade request (RFC 6455 section 4.1). */
export const upgradeHeaders = (): Array<[string, string]> => [
  ['Connection', 'Upgrade'],
  ['Upgrade', 'websocket'],
  ['Sec-WebSocket-Version', '13'],
  ['Sec-WebSocket-Key', webSocketKey()],
];

/** One client-to-server frame, built by hand so it can break the protocol (RFC 6455 section 5.2). */
export function encodeFrame(
  opcode: number,
  payload: Buffer,
  options: { fin?: boolean; rsv?: number; masked?: boolean } = {},
): Buffer {
  const { fin = true, rsv = 0, masked = true } = options;
  const length = payload.length;
  const lengthBytes =
    length < 126
      ? Buffer.from([length])
      : length < 65_536
        ? Buffer.from([126, length >> 8, length & 0xff])
        : Buffer.concat([Buffer.from([127]), bigEndian64(length)]);
  lengthBytes[0] = (lengthBytes[0] as number) | (masked ? 0x80 : 0);
  const first = Buffer.from([(fin ? 0x80 : 0) | ((rsv & 7) << 4) | (opcode & 0x0f)]);
  if (!masked) return Buffer.concat([first, lengthBytes, payload]);
  const mask = randomBytes(4);
  const body = Buffer.from(payload.map((byte, i) => byte ^ (mask[i % 4] as number)));
  return Buffer.concat([first, lengthBytes, mask, body]);
}

function bigEndian64(value: number): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(BigInt(value));
  return bytes;
}

/** The status code of the first close frame in what a server sent, or null when there is none. */
export function closeCodeIn(bytes: Buffer): number | null {
  let at = 0;
  while (at + 2 <= bytes.length) {
    const opcode = (bytes[at] as number) & 0x0f;
    let length = (bytes[at + 1] as number) & 0x7f;
    let start = at + 2;
    if (length === 126) {
      length = bytes.readUInt16BE(start);
      start += 2;
    } else if (length === 127) {
      length = Number(bytes.readBigUInt64BE(start));
      start += 8;
    }
    if (opcode === 0x8) return length >= 2 && start + 2 <= bytes.length ? bytes.readUInt16BE(start) : 1005;
    at = start + length;
  }
  return null;
}
