import { randomBytes } from 'node:crypto';
import type { Logger } from '../../ports/logger';
import type { SqlClient } from '../postgres/sql-client';

/** Frames for connections another replica holds. */
export interface Delivery {
  connectionIds: string[];
  data: string;
  /** Close these connections instead of sending `data` (their session ended). */
  close?: true;
}

export interface DeliveryBus {
  publish(delivery: Delivery): Promise<void>;
  close(): Promise<void>;
}

export const DEFAULT_DELIVERY_CHANNEL = 'realtime_delivery';

/**
 * PostgreSQL refuses a NOTIFY payload of 8000 bytes or more. A delivery (a message is up to 2000 characters,
 * up to 8000 bytes of UTF-8, plus JSON) is split into chunks below that, sent in ONE transaction: PostgreSQL
 * delivers a transaction's notifications together and in order, so a listener reassembles them at once.
 */
export const MAX_CHUNK_BYTES = 7_800;
/** A partial delivery (a listener that reconnected mid-transaction) is dropped after this long. */
const REASSEMBLY_TIMEOUT_MS = 10_000;

/** `<deliveryId>:<index>:<count>:<chunk>`: the header is ASCII, the chunk any UTF-8 (split on code points). */
export function encodeChunks(delivery: Delivery, maxChunkBytes = MAX_CHUNK_BYTES): string[] {
  const body = JSON.stringify({
    c: delivery.connectionIds,
    d: delivery.data,
    ...(delivery.close ? { x: 1 } : {}),
  });
  const id = randomBytes(6).toString('base64url');
  const budget = maxChunkBytes - 32; // the header: id, index and count
  const chunks: string[] = [];
  let current = '';
  let currentBytes = 0;
  for (const character of body) {
    const bytes = Buffer.byteLength(character);
    if (currentBytes + bytes > budget) {
      chunks.push(current);
      current = '';
      currentBytes = 0;
    }
    current += character;
    currentBytes += bytes;
  }
  chunks.push(current);
  return chunks.map((chunk, index) => `${id}:${index}:${chunks.length}:${chunk}`);
}

interface Partial {
  parts: string[];
  received: number;
  timer: NodeJS.Timeout;
}

/** Reassembles chunks (see encodeChunks) into deliveries; malformed payloads are dropped. */
export function createChunkAssembler(onDelivery: (delivery: Delivery) => void, log?: Logger) {
  const pending = new Map<string, Partial>();
  const decode = (body: string) => {
    try {
      const parsed = JSON.parse(body) as { c?: unknown; d?: unknown; x?: unknown };
      if (!Array.isArray(parsed.c) || typeof parsed.d !== 'string') throw new Error('shape');
      onDelivery({
        connectionIds: parsed.c.filter((id): id is string => typeof id === 'string'),
        data: parsed.d,
        ...(parsed.x === 1 ? { close: true as const } : {}),
      });
    } catch {
      log?.warn('dropped a malformed realtime delivery');
    }
  };
  return {
    accept(payload: string) {
      const match = /^([A-Za-z0-9_-]+):(\d+):(\d+):/.exec(payload);
      if (!match) {
        log?.warn('dropped a malformed realtime notification');
        return;
      }
      const [header, id = '', indexText = '', countText = ''] = match;
      const index = Number(indexText);
      const count = Number(countText);
      const chunk = payload.slice(header.length);
      if (count === 1) {
        decode(chunk);
        return;
      }
      if (count < 1 || index >= count || count > 1_000) return;
      let partial = pending.get(id);
      if (!partial) {
        const timer = setTimeout(() => pending.delete(id), REASSEMBLY_TIMEOUT_MS);
        timer.unref();
        partial = { parts: new Array<string>(count), received: 0, timer };
        pending.set(id, partial);
      }
      if (partial.parts[index] === undefined) {
        partial.parts[index] = chunk;
        partial.received += 1;
      }
      if (partial.received === count) {
        clearTimeout(partial.timer);
        pending.delete(id);
        decode(partial.parts.join(''));
      }
    },
    /** Deliveries waiting for more chunks (tests). */
    get pendingCount() {
      return pending.size;
    },
    clear() {
      for (const partial of pending.values()) clearTimeout(partial.timer);
      pending.clear();
    },
  };
}

export interface SqlDeliveryBusOptions {
  /** Every replica listens on this channel (one per deployment sharing a database). */
  channel?: string;
  onDelivery: (delivery: Delivery) => void;
  log: Logger;
  /** Below PostgreSQL's 8000-byte payload limit (default MAX_CHUNK_BYTES); tests make it small. */
  maxChunkBytes?: number;
}

/**
 * Cross-replica delivery over PostgreSQL LISTEN/NOTIFY: each replica LISTENs on one channel; a replica that
 * must reach a connection it does not hold NOTIFYs the connection ids and the frame, and the replica holding
 * the socket sends it. Every replica receives every delivery (its own too) and keeps what is addressed to
 * sockets it holds. Best effort, like PostToConnection: nothing is stored.
 */
export async function createSqlDeliveryBus(
  client: SqlClient,
  options: SqlDeliveryBusOptions,
): Promise<DeliveryBus> {
  const channel = options.channel ?? DEFAULT_DELIVERY_CHANNEL;
  const assembler = createChunkAssembler(options.onDelivery, options.log);
  const unlisten = await client.listen(channel, (payload) => assembler.accept(payload));
  return {
    async publish(delivery) {
      const chunks = encodeChunks(delivery, options.maxChunkBytes);
      const notify = (sql: SqlClient, chunk: string) =>
        sql.query('SELECT pg_notify($1, $2)', [channel, chunk]);
      if (chunks.length === 1) {
        await notify(client, chunks[0] ?? '');
        return;
      }
      await client.transaction(async (tx) => {
        for (const chunk of chunks) await notify(tx, chunk);
      });
    },
    async close() {
      assembler.clear();
      await unlisten();
    },
  };
}
