import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createChunkAssembler,
  createSqlDeliveryBus,
  type Delivery,
  encodeChunks,
  MAX_CHUNK_BYTES,
} from '../../src/adapters/lab/delivery-bus';
import { createJsonLogger } from '../../src/adapters/log/json-logger';
import { pgliteClient, pgPoolClient, type SqlClient } from '../../src/adapters/postgres';
import { databaseUrlOrSkip } from '../postgres/server';

const log = createJsonLogger({ level: 'error', write: () => {} });
const bigText = () => `${'字'.repeat(3_000)}${'🌍'.repeat(2_000)}"quoted"\\${'\u0001'.repeat(50)}`;

describe('delivery chunks', () => {
  it('split a delivery into NOTIFY-sized chunks and back, whatever the characters', () => {
    const delivery: Delivery = { connectionIds: ['AAAAAAAAbbbbbbbb', 'CCCCCCCCdddddddd'], data: bigText() };
    const chunks = encodeChunks(delivery);
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) expect(Buffer.byteLength(chunk)).toBeLessThanOrEqual(MAX_CHUNK_BYTES);
    const received: Delivery[] = [];
    const assembler = createChunkAssembler((d) => received.push(d));
    for (const chunk of [...chunks].reverse()) assembler.accept(chunk);
    expect(received).toEqual([delivery]);
    expect(assembler.pendingCount).toBe(0);
  });

  it('drop malformed payloads and keep incomplete ones apart', () => {
    const received: Delivery[] = [];
    const assembler = createChunkAssembler((d) => received.push(d), log);
    assembler.accept('garbage');
    assembler.accept('abc:0:1:{not json');
    const [first] = encodeChunks({ connectionIds: ['x'], data: 'y'.repeat(20_000) });
    assembler.accept(first ?? '');
    expect(received).toEqual([]);
    expect(assembler.pendingCount).toBe(1);
    assembler.clear();
  });
});

function describeBus(name: string, open: () => Promise<SqlClient>) {
  describe(`LISTEN/NOTIFY delivery bus: ${name}`, () => {
    let client: SqlClient;
    beforeAll(async () => {
      client = await open();
    }, 60_000);
    afterAll(async () => {
      await client?.close();
    });

    it('reaches every listener on the channel, small and chunked deliveries alike, in order', async () => {
      const channel = `bus_test_${randomBytes(4).toString('hex')}`;
      const seen: Array<[string, Delivery]> = [];
      const listener = (who: string) =>
        createSqlDeliveryBus(client, {
          channel,
          onDelivery: (delivery) => seen.push([who, delivery]),
          log,
          maxChunkBytes: 1_000,
        });
      const [left, right] = [await listener('left'), await listener('right')];
      const small: Delivery = { connectionIds: ['a'], data: '{"type":"pong"}' };
      const large: Delivery = { connectionIds: ['b', 'c'], data: bigText() };
      await left.publish(small);
      await left.publish(large);
      await expect.poll(() => seen.length, { timeout: 5_000 }).toBe(4);
      for (const who of ['left', 'right']) {
        expect(seen.filter(([listenerName]) => listenerName === who).map(([, d]) => d)).toEqual([
          small,
          large,
        ]);
      }
      await left.close();
      await right.close();
    });
  });
}

describeBus('PGlite (in-process listen)', () => pgliteClient(undefined));

const databaseUrl = databaseUrlOrSkip();
if (databaseUrl)
  describeBus('PostgreSQL server (dedicated LISTEN session)', async () => pgPoolClient(databaseUrl));
