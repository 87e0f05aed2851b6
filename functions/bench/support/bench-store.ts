import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoPopulation, demoProfileRecord } from '../../scripts/seed/demo-population';
import { openPostgresStore, type SqlClient } from '../../src/adapters/postgres';
import { newId } from '../../src/domain/ids';
import { createsMatch } from '../../src/domain/pair-facts';
import { MAX_PHOTOS_PER_USER } from '../../src/domain/photos';
import type { Store } from '../../src/ports/repositories';
import { findAppRoot } from '../../src/runtime/lab/app-root';
import { type LabEnvironment, labServiceConfig, loadLabConfig } from '../../src/runtime/lab/config';
import { issueAccessToken } from '../../src/services/auth/access-tokens';
import { newMediaToken } from '../../src/services/photos/photo-media';

/**
 * Where a benchmark's data lives: a fresh schema on a PostgreSQL server (dropped afterwards), or a fresh PGlite
 * data folder. The benchmark seeds it from its own process, closes it, and the servers under test (child
 * processes) open the same place; so seeding never runs inside the measured process.
 */
export type BenchStoreLocation =
  | { kind: 'postgres'; databaseUrl: string; schema: string }
  | { kind: 'pglite'; dataDir: string };

/** Every server under test and the token minting share this key (HS256, the lab's issuer and audience). */
export const BENCH_JWT_SECRET = 'bench-only-jwt-secret-0123456789abcdef';

export interface BenchStore {
  location: BenchStoreLocation;
  /** For the result's setup: "PostgreSQL (schema bench_1a2b3c4d)" or "PGlite (in a temp folder)". */
  description: string;
  /** A folder for the servers' DATA_DIR (photos, locks); removed by dispose. */
  scratchDir: string;
  open(): Promise<{ store: Store; client: SqlClient }>;
  /** Drops the schema or removes the folder. Call after every server using the location stopped. */
  dispose(): Promise<void>;
}

export async function createBenchStore(databaseUrl: string | undefined): Promise<BenchStore> {
  const scratchDir = await mkdtemp(join(tmpdir(), 'bench-'));
  if (databaseUrl) {
    const schema = `bench_${randomBytes(4).toString('hex')}`;
    return {
      location: { kind: 'postgres', databaseUrl, schema },
      description: `PostgreSQL (schema ${schema})`,
      scratchDir,
      open: () => openPostgresStore({ databaseUrl, schema }),
      async dispose() {
        const { client } = await openPostgresStore({ databaseUrl, schema });
        try {
          await client.query(`DROP SCHEMA ${schema} CASCADE`);
        } finally {
          await client.close();
        }
        await rm(scratchDir, { recursive: true, force: true });
      },
    };
  }
  const dataDir = join(scratchDir, 'pglite');
  return {
    location: { kind: 'pglite', dataDir },
    description: 'PGlite (in a temp folder)',
    scratchDir,
    open: () => openPostgresStore({ dataDir }),
    dispose: () => rm(scratchDir, { recursive: true, force: true }),
  };
}

/** The lab configuration every server under test runs with: rate limits off (a load test), quiet logs. */
export function benchLabEnvironment(bench: Pick<BenchStore, 'location' | 'scratchDir'>): LabEnvironment {
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    JWT_SECRET: BENCH_JWT_SECRET,
    LOG_LEVEL: 'warn',
    RATE_LIMITS: 'off',
    DATA_DIR: bench.scratchDir,
    ...(bench.location.kind === 'postgres' ? { DATABASE_URL: bench.location.databaseUrl } : {}),
  };
}

const benchAuth = () =>
  labServiceConfig(
    loadLabConfig(benchLabEnvironment({ location: { kind: 'pglite', dataDir: '' }, scratchDir: tmpdir() }), {
      appRoot: findAppRoot(),
      appVersion: 'bench',
      cwd: process.cwd(),
    }),
    BENCH_JWT_SECRET,
  ).auth;

export interface SeededUser {
  id: string;
  /** An access token the servers under test accept (15 minutes). */
  token: string;
  /** The conversation (match) with the user's partner, when paired. */
  matchId?: string;
  /** Index of the partner in the seeded list, when paired. */
  partner?: number;
}

export interface SeedOptions {
  users: number;
  /** Users 0..2*pairs-1 are matched in pairs (0,1), (2,3), ...; the rest have no match. */
  pairs: number;
  /** Also a demo profile (4 cities, the seed script's population), one ready photo and recent activity. */
  profiles: boolean;
  concurrency?: number;
}

async function inParallel<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Writes users (and optionally profiles with a ready photo) and matches straight into the store, and mints
 * their access tokens with the servers' key: registering thousands of users through the API would measure
 * scrypt, not the runtime. The photo records point at no object; discovery needs only their ids.
 */
export async function seedUsers(store: Store, options: SeedOptions): Promise<SeededUser[]> {
  if (options.pairs * 2 > options.users) throw new Error('more pairs than users allow');
  const auth = benchAuth();
  const now = new Date();
  const at = now.toISOString();
  const people = options.profiles ? demoPopulation(options.users) : [];
  const users: SeededUser[] = [];
  for (let index = 0; index < options.users; index += 1) {
    const id = newId();
    users.push({
      id,
      token: await issueAccessToken(auth, { userId: id, sessionId: newId() }, now),
      ...(index < options.pairs * 2 ? { partner: index ^ 1 } : {}),
    });
  }
  const indexes = users.map((_, index) => index);
  await inParallel(indexes, options.concurrency ?? 8, async (index) => {
    const user = users[index] as SeededUser;
    const created = await store.users.create({
      id: user.id,
      email: `bench-${user.id.toLowerCase()}@example.test`,
      passwordHash: 'scrypt$14$8$1$c2FsdA$aGFzaA',
      status: 'active',
      createdAt: at,
    });
    if (created !== 'created') throw new Error(`could not create bench user ${index}`);
    const person = people[index];
    if (!person) return;
    await store.profiles.put(demoProfileRecord(person, user.id, at));
    const photoId = newId();
    const photo = {
      id: photoId,
      userId: user.id,
      contentType: 'image/jpeg',
      declaredSize: 1,
      mediaToken: newMediaToken(),
      createdAt: at,
    };
    if ((await store.photos.add(photo, MAX_PHOTOS_PER_USER)) !== 'added') throw new Error('photo limit');
    await store.photos.markProcessed(user.id, photoId, { status: 'ready' }, at);
    const activeAt = new Date(now.getTime() - person.idleHours * 3_600_000).toISOString();
    await store.discovery.recordActivity(user.id, activeAt);
  });
  const pairStarts = indexes.filter((index) => index % 2 === 0 && index < options.pairs * 2);
  await inParallel(pairStarts, options.concurrency ?? 8, async (index) => {
    const [a, b] = [users[index], users[index + 1]];
    if (!a || !b) return;
    await store.swipes.record(
      { swiperId: a.id, targetId: b.id, decision: 'like', createdAt: at },
      newId(),
      createsMatch,
    );
    const result = await store.swipes.record(
      { swiperId: b.id, targetId: a.id, decision: 'like', createdAt: at },
      newId(),
      createsMatch,
    );
    if (result.status !== 'recorded' || !result.match) throw new Error('could not match a pair');
    a.matchId = result.match.id;
    b.matchId = result.match.id;
  });
  return users;
}
