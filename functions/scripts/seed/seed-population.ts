import { areMutuallyEligible } from '../../src/domain/eligibility';
import { newId } from '../../src/domain/ids';
import { createsMatch } from '../../src/domain/pair-facts';
import { MAX_PHOTOS_PER_USER, uploadKey } from '../../src/domain/photos';
import type { ProfileRecord } from '../../src/domain/records';
import { hashPassword } from '../../src/services/auth/password-hashing';
import type { Deps } from '../../src/services/deps';
import { newMediaToken } from '../../src/services/photos/photo-media';
import { processUpload } from '../../src/services/photos/process-upload';
import { DEMO_PASSWORD, type DemoPerson, demoProfileRecord } from './demo-population';
import { portraitJpeg } from './portrait';

export interface SeedReport {
  usersCreated: number;
  usersFound: number;
  profilesCreated: number;
  photosAdded: number;
  likes: number;
  matchesCreated: number;
}

/** Runs `task` over `items`, at most `limit` at a time. */
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
 * Whether `a` likes `b` in the demo: a fixed ~30% of the people each finds eligible, not symmetric. The demo
 * account (index 0) swipes on nobody, so its discovery starts full, and some of those it sees like it
 * already: liking them back makes a match at once.
 */
const likes = (a: DemoPerson, b: DemoPerson) =>
  a.index !== 0 && ((Math.imul(a.index + 1, 73_856_093) ^ Math.imul(b.index + 1, 19_349_663)) >>> 0) % 10 < 3;

/**
 * Writes the population through the same ports and photo pipeline as the API: users (one shared password
 * hash), profiles, generated photos uploaded as originals and turned into ready renditions by the photo
 * processor, recent activity, and some likes (a mutual like makes a match). Idempotent: existing users,
 * profiles and photos are kept, swipes are final, so running it again adds nothing.
 */
export async function seedDemoPopulation(
  deps: Deps,
  people: readonly DemoPerson[],
  print: (line: string) => void = () => {},
  concurrency = 6,
): Promise<SeedReport> {
  const report: SeedReport = {
    usersCreated: 0,
    usersFound: 0,
    profilesCreated: 0,
    photosAdded: 0,
    likes: 0,
    matchesCreated: 0,
  };
  const now = deps.clock.now();
  const passwordHash = await hashPassword(DEMO_PASSWORD, deps.config.auth.passwordHashCost);
  const profiles = new Map<number, ProfileRecord>();

  await inParallel(people, concurrency, async (person) => {
    const userId = await ensureUser(person);
    const profile = await ensureProfile(person, userId);
    profiles.set(person.index, profile);
    await ensurePhotos(person, userId);
    const activeAt = new Date(now.getTime() - person.idleHours * 3_600_000).toISOString();
    await deps.store.discovery.recordActivity(userId, activeAt);
    if ((person.index + 1) % 50 === 0) print(`  ${person.index + 1} / ${people.length} people`);
  });

  for (const a of people) {
    const profileA = profiles.get(a.index);
    if (!profileA) continue;
    for (const b of people) {
      const profileB = profiles.get(b.index);
      if (!profileB || a === b || !likes(a, b) || !areMutuallyEligible(profileA, profileB, now)) continue;
      const result = await deps.store.swipes.record(
        {
          swiperId: profileA.userId,
          targetId: profileB.userId,
          decision: 'like',
          createdAt: now.toISOString(),
        },
        newId(now),
        createsMatch,
      );
      report.likes += 1;
      if (result.status === 'recorded' && result.matchCreated) report.matchesCreated += 1;
    }
  }
  return report;

  async function ensureUser(person: DemoPerson): Promise<string> {
    const existing = await deps.store.users.findByEmail(person.email);
    if (existing) {
      report.usersFound += 1;
      return existing.id;
    }
    const id = newId(now);
    const created = await deps.store.users.create({
      id,
      email: person.email,
      passwordHash,
      status: 'active',
      createdAt: now.toISOString(),
    });
    if (created === 'email_taken') return ensureUser(person);
    report.usersCreated += 1;
    return id;
  }

  async function ensureProfile(person: DemoPerson, userId: string): Promise<ProfileRecord> {
    const existing = await deps.store.profiles.get(userId);
    if (existing) return existing;
    const profile = demoProfileRecord(person, userId, now.toISOString());
    await deps.store.profiles.put(profile);
    report.profilesCreated += 1;
    return profile;
  }

  async function ensurePhotos(person: DemoPerson, userId: string): Promise<void> {
    const photos = await deps.store.photos.listByUser(userId);
    const ready = photos.filter((photo) => photo.status === 'ready').length;
    for (let photoIndex = ready; photoIndex < person.photoCount; photoIndex += 1) {
      const body = await portraitJpeg(person, photoIndex);
      const photo = {
        id: newId(),
        userId,
        contentType: 'image/jpeg',
        declaredSize: body.length,
        mediaToken: newMediaToken(),
        createdAt: deps.clock.now().toISOString(),
      };
      if ((await deps.store.photos.add(photo, MAX_PHOTOS_PER_USER)) !== 'added') return;
      const key = uploadKey(userId, photo.id);
      await deps.blobs.put(key, body, { contentType: 'image/jpeg' });
      const processed = await processUpload(deps, key);
      if (processed.result === 'ready') report.photosAdded += 1;
    }
  }
}
