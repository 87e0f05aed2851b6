import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoPerson, demoEmail, demoPopulation } from '../../scripts/seed/demo-population';
import { seedDemoPopulation } from '../../scripts/seed/seed-population';
import { createFsBlobStore } from '../../src/adapters/fs/fs-blob-store';
import { createSharpImageProcessor } from '../../src/adapters/images/sharp-image-processor';
import { openPostgresStore } from '../../src/adapters/postgres';
import { areMutuallyEligible } from '../../src/domain/eligibility';
import { MAX_INPUT_PIXELS, renditionKey } from '../../src/domain/photos';
import type { ProfileRecord } from '../../src/domain/records';
import type { Deps } from '../../src/services/deps';
import { serviceDeps } from '../support/service-deps';

describe('npm run seed (the demo population)', () => {
  let dataDir: string;
  let deps: Deps;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'seed-'));
    const { store } = await openPostgresStore();
    const clock = { now: () => new Date() };
    deps = {
      ...serviceDeps(store, clock),
      blobs: createFsBlobStore({
        root: join(dataDir, 'blobs'),
        uploadUrl: '/uploads',
        uploadSecret: new Uint8Array(32),
        clock,
      }),
      images: createSharpImageProcessor({ maxInputPixels: MAX_INPUT_PIXELS }),
    };
  }, 60_000);
  afterAll(async () => {
    await deps?.store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('draws the same varied people every time', () => {
    const people = demoPopulation(200);
    expect(demoPopulation(200)).toEqual(people);
    expect(new Set(people.map((person) => person.email)).size).toBe(200);
    expect(new Set(people.map((person) => person.city)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(people.map((person) => person.gender))).toEqual(new Set(['woman', 'man', 'nonbinary']));
    const ages = people.map((person) => 2026 - Number(person.birthDate.slice(0, 4)));
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(18);
    expect(Math.max(...ages) - Math.min(...ages)).toBeGreaterThan(20);
    // The account to log in with finds plenty of people in a full-size population.
    const asProfile = (person: DemoPerson): ProfileRecord => ({
      ...person,
      userId: `U${person.index}`,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
    const [demo, ...others] = demoPopulation(400).map(asProfile);
    if (!demo) throw new Error('no demo account');
    expect(
      others.filter((other) => areMutuallyEligible(demo, other, new Date('2026-06-01'))).length,
    ).toBeGreaterThan(10);
    for (const person of people) {
      expect(person.ageMin).toBeLessThanOrEqual(person.ageMax);
      expect(person.interests.length).toBeGreaterThan(0);
      expect(new Set(person.interests).size).toBe(person.interests.length);
    }
  });

  it('writes people with ready photos who find each other, and adds nothing when run again', async () => {
    const people = demoPopulation(48);
    const first = await seedDemoPopulation(deps, people);
    expect(first).toMatchObject({ usersCreated: 48, usersFound: 0, profilesCreated: 48 });
    expect(first.photosAdded).toBe(people.reduce((sum, person) => sum + person.photoCount, 0));

    const demo = await deps.store.users.findByEmail(demoEmail(0));
    if (!demo) throw new Error('the demo account is missing');
    const [photo] = await deps.store.photos.listByUser(demo.id);
    if (photo?.status !== 'ready') throw new Error('the demo account has no ready photo');
    expect(await deps.blobs.head(renditionKey(photo, 'thumb'))).not.toBeNull();
    let seen = 0;
    for (const person of people) {
      const user = await deps.store.users.findByEmail(person.email);
      const profile = user ? await deps.store.profiles.get(user.id) : null;
      if (!profile) throw new Error(`${person.email} has no profile`);
      seen += (await deps.store.discovery.findCandidates(profile, { limit: 50, now: new Date() })).length;
    }
    expect(seen).toBeGreaterThan(10);

    const again = await seedDemoPopulation(deps, people);
    expect(again).toMatchObject({
      usersCreated: 0,
      usersFound: 48,
      profilesCreated: 0,
      photosAdded: 0,
      matchesCreated: 0,
    });
    expect(await deps.store.photos.listByUser(demo.id)).toHaveLength(people[0]?.photoCount ?? 0);
  }, 120_000);
});
