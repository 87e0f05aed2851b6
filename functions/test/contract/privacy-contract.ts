import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFsBlobStore, listFsBlobKeys } from '../../src/adapters/fs/fs-blob-store';
import { AccountExport } from '../../src/contract/privacy';
import { newId } from '../../src/domain/ids';
import { uploadKey } from '../../src/domain/photos';
import type { GeoPoint } from '../../src/domain/records';
import { requestPasswordReset } from '../../src/services/account/password-reset';
import type { Actor } from '../../src/services/actor';
import { login, logout, refresh, register } from '../../src/services/auth/auth-service';
import { markRead, sendMessage } from '../../src/services/chat/chat-service';
import { issueRealtimeTicket, openConnection } from '../../src/services/chat/realtime-service';
import type { Deps } from '../../src/services/deps';
import { discover } from '../../src/services/discovery/discovery-service';
import { unmatch } from '../../src/services/matches/match-service';
import { submitAppeal } from '../../src/services/moderation/appeals';
import { takeAction } from '../../src/services/moderation/moderation-actions';
import { pendingNotice } from '../../src/services/moderation/notices';
import { startPhotoUpload } from '../../src/services/photos/photo-service';
import { processUpload } from '../../src/services/photos/process-upload';
import {
  type AccountExportData,
  deleteAccount,
  exportAccount,
} from '../../src/services/privacy/privacy-service';
import { putProfile } from '../../src/services/profiles/profile-service';
import { blockUser, reportUser } from '../../src/services/safety/block-service';
import { swipe } from '../../src/services/swipes/swipe-service';
import { cameraJpeg } from '../support/images';
import { givePhoto, nextTown, northOf } from '../support/matching-fixtures';
import { photoDeps } from '../support/photo-deps';
import type { StoredRow } from '../support/stored-rows';
import type { StoreUnderTest } from './store-contract';

const PASSWORD = 'correct horse battery staple';
/** Each test builds a whole world (ten accounts, photos through sharp, ~150 store requests) on a shared CPU. */
const POPULATED_TEST_TIMEOUT_MS = 120_000;

let addresses = 0;
/** A fresh IP per person: registration is rate limited per IP (docs/api.md), with the default limits on here. */
const anActor = (): Actor => ({
  sourceIp: `10.${randomBytes(1)[0]}.${randomBytes(1)[0]}.${(addresses++ % 250) + 1}`,
  userAgent: 'privacy-contract',
});

interface Person {
  id: string;
  email: string;
  actor: Actor;
  refreshToken: string;
}

async function aPerson(
  deps: Deps,
  name: string,
  profile: { gender: 'woman' | 'man'; interestedIn: ('woman' | 'man')[]; location: GeoPoint },
  actor: Actor = anActor(),
  about: { bio: string; prompts: { question: string; answer: string }[] } = { bio: 'Just me.', prompts: [] },
): Promise<Person> {
  const email = `person-${newId().toLowerCase()}@example.test`;
  const session = await register(deps, { email, password: PASSWORD }, actor);
  await putProfile(deps, session.user.id, {
    displayName: name,
    birthDate: '1992-03-10',
    ageMin: 25,
    ageMax: 50,
    maxDistanceKm: 50,
    interests: ['tango'],
    ...about,
    ...profile,
  });
  return { id: session.user.id, email, actor, refreshToken: session.refreshToken };
}

/** Everything the subject left in the store and the blob store, and what identifies it. */
interface World {
  subject: Person;
  /** Strings that identify the subject or are hers: none may survive erasure. */
  needles: string[];
  /** The report another user made about her (its details are the reporter's words, which name her). */
  reportAboutHerId: string;
  /** The report she made (kept for moderation, pseudonymized). */
  reportByHerId: string;
  milo: Person;
}

/**
 * The subject, Zephyrine, with every kind of data the app stores about a person: two logins (one rotated, one
 * logged out), a profile, photos ready, pending and rejected (with their objects), swipes both ways, an active
 * match and an ended one with messages both ways and read markers, blocks both ways, reports both ways,
 * discovery state (hers and another viewer's), an unused realtime ticket, a live connection, audit events and
 * rate-limit counters.
 */
async function populate(deps: Deps): Promise<World> {
  const town = nextTown();
  const near = (km: number) => northOf(town, km);
  // Her name, in her profile and in what she and others wrote: unique to this world (the store is shared).
  const name = `Zephyrine ${randomBytes(6).toString('hex')}`;
  const subject = await aPerson(
    deps,
    name,
    { gender: 'woman', interestedIn: ['man'], location: town },
    // Her address and browser, as the audit log records them.
    {
      sourceIp: `2001:db8:${randomBytes(2).toString('hex')}::${randomBytes(2).toString('hex')}`,
      userAgent: `${name}'s browser`,
    },
    {
      bio: `${name}: tango and topology`,
      prompts: [{ question: 'A perfect Sunday', answer: `${name} rows at dawn` }],
    },
  );
  const man = (name: string, km: number) =>
    aPerson(deps, name, { gender: 'man', interestedIn: ['woman'], location: near(km) });
  const [milo, otto, bram, cas, dirk, eli, finn, gus] = await Promise.all([
    man('Milo', 1),
    man('Otto', 2),
    man('Bram', 3),
    man('Cas', 4),
    man('Dirk', 5),
    man('Eli', 6),
    man('Finn', 7),
    man('Gus', 8),
  ]);
  if (!milo || !otto || !bram || !cas || !dirk || !eli || !finn || !gus) throw new Error('fixture');
  // Another woman after her in discovery's order (same birth date, later id), so that a viewer done with her
  // has someone to show next and his discovery cursor comes to rest on her.
  const wilma = await aPerson(deps, 'Wilma', { gender: 'woman', interestedIn: ['man'], location: near(1) });
  await givePhoto(deps.store, wilma.id);

  // A password reset link, besides registration's verification link.
  await requestPasswordReset(deps, subject.email, subject.actor);

  // Sessions: a second login, rotated once; the first one logged out.
  const second = await login(deps, { email: subject.email, password: PASSWORD }, subject.actor);
  await refresh(deps, second.refreshToken, subject.actor);
  await logout(deps, subject.refreshToken, subject.actor);

  // Photos: one ready (renditions in the blob store), one pending (its upload object), one rejected.
  const jpeg = await cameraJpeg(400, 300);
  const photoIds: string[] = [];
  for (const bytes of [jpeg, jpeg, new TextEncoder().encode('not an image at all'), jpeg]) {
    const started = await startPhotoUpload(deps, subject.id, {
      contentType: 'image/jpeg',
      size: bytes.length,
    });
    photoIds.push(started.photo.id);
    await deps.blobs.put(uploadKey(subject.id, started.photo.id), bytes, { contentType: 'image/jpeg' });
  }
  const [readyId, , rejectedId, removedId] = photoIds;
  for (const photoId of [readyId, rejectedId, removedId]) {
    await processUpload(deps, uploadKey(subject.id, photoId ?? ''));
  }

  // Finn browses, passes on her and browses again: his cursor comes to rest on her.
  expect((await discover(deps, finn.id)).items.map((item) => item.userId)).toContain(subject.id);

  const like = (from: Person, to: Person) => swipe(deps, from.id, { targetUserId: to.id, decision: 'like' });
  const pass = (from: Person, to: Person) => swipe(deps, from.id, { targetUserId: to.id, decision: 'pass' });
  const say = (from: Person, matchId: string, text: string) =>
    sendMessage(deps, from.id, matchId, { clientMessageId: `c-${newId()}`, text });

  // An active match with Milo, an ended one with Otto: messages both ways, read markers on both sides.
  await like(subject, milo);
  const withMilo = (await like(milo, subject)).match?.matchId ?? '';
  const toMilo = await say(subject, withMilo, `${name} says hello`);
  const fromMilo = await say(milo, withMilo, 'Hi there');
  await markRead(deps, subject.id, withMilo, fromMilo.message.id);
  await markRead(deps, milo.id, withMilo, toMilo.message.id);
  await like(otto, subject);
  const withOtto = (await like(subject, otto)).match?.matchId ?? '';
  const toOtto = await say(subject, withOtto, `${name} writes before it ends`);
  const fromOtto = await say(otto, withOtto, 'It was nice');
  await markRead(deps, subject.id, withOtto, fromOtto.message.id);
  await markRead(deps, otto.id, withOtto, toOtto.message.id);
  await unmatch(deps, otto.id, withOtto);

  // Blocks and reports, both ways; swipes both ways.
  await blockUser(deps, subject.id, bram.id, subject.actor);
  const herWords = `${name}'s own words: he asked for money`;
  const reportByHer = await reportUser(
    deps,
    subject.id,
    { userId: cas.id, reason: 'spam', details: herWords },
    subject.actor,
  );
  const reportAboutHer = await reportUser(
    deps,
    eli.id,
    { userId: subject.id, reason: 'harassment', details: `${name} kept sending links` },
    eli.actor,
  );
  await blockUser(deps, gus.id, subject.id, gus.actor);
  await like(dirk, subject);
  await pass(subject, dirk);
  await pass(finn, subject);
  await discover(deps, finn.id);
  await discover(deps, subject.id);

  // Moderation: a moderator removes her ready photo (a private copy is kept for moderators) with a note naming
  // her, and she appeals with her own words.
  const hal = await aPerson(deps, 'Hal', { gender: 'man', interestedIn: ['woman'], location: near(9) });
  await deps.store.moderation.setRole(hal.id, 'moderator');
  const halAccount = await deps.store.users.findById(hal.id);
  if (!halAccount) throw new Error('fixture');
  await takeAction(
    deps,
    { userId: hal.id, sessionId: newId(), role: 'moderator', account: halAccount },
    subject.id,
    { action: 'remove_photo', photoId: removedId, note: `${name}: the photo shows a phone number` },
    hal.actor,
  );
  const account = await deps.store.users.findById(subject.id);
  const notice = account ? await pendingNotice(deps, account) : null;
  await submitAppeal(
    deps,
    { appealToken: notice?.appealToken ?? '', text: `${name} appeals` },
    subject.actor,
  );

  // Realtime: a ticket never used, and a live connection.
  await issueRealtimeTicket(deps, subject.id);
  const { ticket } = await issueRealtimeTicket(deps, subject.id);
  await openConnection(deps, `conn-${newId()}`, ticket);

  return {
    subject,
    milo,
    reportAboutHerId: reportAboutHer.reportId,
    reportByHerId: reportByHer.reportId,
    needles: [
      subject.id,
      subject.email,
      name,
      subject.actor.sourceIp,
      ...photoIds,
      withMilo,
      withOtto,
      toMilo.message.id,
      toOtto.message.id,
      herWords,
    ],
  };
}

type Verdict = { exported: boolean } | { notExported: string };

const OTHERS_DECISION =
  "another user's decision about her: theirs, not hers (a mutual like shows as a match in her export)";
const REPORTERS =
  "another user's report about her: the reporter's statement, kept confidential for moderation";

/**
 * Where each stored row that names the subject appears in her export, or why it does not. A row of a kind
 * missing here fails the test: a new table or item type has to be placed in the export or explained.
 */
function verdictOf(row: StoredRow, data: AccountExportData, me: string): Verdict | undefined {
  const v = row.value;
  const is = (key: string) => v[key] === me;
  const messageIds = new Set(data.conversations.flatMap((c) => c.messages.map((m) => m.id)));
  const matchIds = new Set(data.matches.map((m) => m.matchId));
  const sessionIds = new Set(data.sessions.map((s) => s.sessionId));
  const photoIds = new Set(data.photos.map((p) => p.id));
  const swiped = (target: unknown, decision?: unknown) =>
    data.swipes.some((s) => s.targetId === target && (decision === undefined || s.decision === decision));
  const blocked = (other: unknown) => data.blocks.some((b) => b.blockedId === other);
  const reported = (id: unknown) => data.reports.some((r) => r.id === id);
  const audited = (id: unknown) => data.auditEvents.some((e) => e.id === id);
  const decided = (id: unknown) => data.moderation.decisions.some((d) => d.decisionId === id);
  const kept = (photoId: unknown) => data.moderation.keptPhotos.some((p) => p.photoId === photoId);
  // A mailed link's token: exported as what it is for and its times, never the hash.
  const pendingLink = (purpose: unknown, createdAt: unknown) =>
    data.pendingTokens.some(
      (t) => t.purpose === purpose && t.createdAt === new Date(String(createdAt)).toISOString(),
    );
  const readUpTo = (matchId: unknown, upTo: unknown) =>
    data.conversations.some((c) => c.matchId === matchId && c.readUpTo === upTo);

  const verdicts: Record<string, () => Verdict> = {
    // PostgreSQL tables.
    users: () => ({ exported: data.account.id === v.id && data.account.email === v.email }),
    profiles: () => ({
      exported:
        data.profile?.userId === v.user_id &&
        (data.profile?.pausedAt ?? null) ===
          (v.paused_at ? new Date(String(v.paused_at)).toISOString() : null) &&
        data.account.lastActiveAt ===
          (v.last_active_at ? new Date(String(v.last_active_at)).toISOString() : null),
    }),
    // A PostgreSQL row per photo, or DynamoDB's one item of all of a user's photos.
    photos: () => ({
      exported:
        typeof v.photos === 'object' && v.photos !== null
          ? Object.keys(v.photos).every((id) => photoIds.has(id))
          : photoIds.has(String(v.id)),
    }),
    swipes: () =>
      is('swiper_id') ? { exported: swiped(v.target_id, v.decision) } : { notExported: OTHERS_DECISION },
    matches: () => ({ exported: matchIds.has(String(v.id)) }),
    messages: () => ({ exported: messageIds.has(String(v.id)) }),
    read_markers: () => ({ exported: readUpTo(v.conversation_id, v.up_to_message_id) }),
    blocks: () => (is('blocker_id') ? { exported: blocked(v.blocked_id) } : { notExported: OTHERS_DECISION }),
    reports: () => (is('reporter_id') ? { exported: reported(v.id) } : { notExported: REPORTERS }),
    refresh_token_families: () => ({ exported: sessionIds.has(String(v.family_id)) }),
    // A token is a credential (its hash, too): it appears as the session (family) it belongs to.
    refresh_tokens: () => ({ exported: sessionIds.has(String(v.family_id)) }),
    audit_events: () => ({ exported: is('user_id') && audited(v.id) }),
    moderation_decisions: () => ({ exported: decided(v.id) }),
    moderation_photos: () => ({ exported: kept(v.photo_id) }),
    realtime_tickets: () => ({ notExported: 'a one-time WebSocket credential (hashed) that lives 60 s' }),
    account_tokens: () => ({ exported: is('user_id') && pendingLink(v.purpose, v.created_at) }),
    realtime_connections: () => ({ notExported: 'a live WebSocket connection: a routing handle for <= 2 h' }),

    // DynamoDB items (by `entity`).
    user: () => ({ exported: data.account.id === v.id && data.account.email === v.email }),
    emailClaim: () => ({ exported: data.account.id === v.userId }),
    profile: () => ({
      exported:
        data.profile?.userId === v.userId &&
        (data.profile?.pausedAt ?? null) === (v.pausedAt ?? null) &&
        data.account.lastActiveAt === (v.lastActiveAt ?? null),
    }),
    refreshTokenFamily: () => ({ exported: sessionIds.has(String(v.familyId)) }),
    refreshToken: () => ({ exported: sessionIds.has(String(v.familyId)) }),
    accountToken: () => ({ exported: is('userId') && pendingLink(v.purpose, v.createdAt) }),
    discoveryCursor: () => ({
      notExported:
        "discovery's reading position in each map cell (hers, or another viewer's): technical state",
    }),
    swipe: () =>
      is('swiperId') ? { exported: swiped(v.targetId, v.decision) } : { notExported: OTHERS_DECISION },
    pair: () => {
      // Both sides' decisions and blocks in one item: hers must all be in the export.
      const mine = v.userLow === me ? 'low' : 'high';
      const other = mine === 'low' ? v.userHigh : v.userLow;
      const facts = [
        v[`${mine}Decision`] !== undefined ? swiped(other, v[`${mine}Decision`]) : null,
        v[`${mine}BlockedAt`] !== undefined ? blocked(other) : null,
        v.matchId !== undefined ? matchIds.has(String(v.matchId)) : null,
      ].filter((fact) => fact !== null);
      return facts.length === 0 ? { notExported: OTHERS_DECISION } : { exported: facts.every(Boolean) };
    },
    match: () => ({ exported: matchIds.has(String(v.matchId)) }),
    matchSide: () => ({ exported: matchIds.has(String(v.matchId)) }),
    block: () => (is('blockerId') ? { exported: blocked(v.blockedId) } : { notExported: OTHERS_DECISION }),
    report: () => (is('reporterId') ? { exported: reported(v.id) } : { notExported: REPORTERS }),
    message: () => ({ exported: messageIds.has(String(v.id)) }),
    messageClaim: () => ({ exported: messageIds.has(String((v.message as { id?: unknown }).id)) }),
    readMarker: () => ({ exported: readUpTo(v.conversationId, v.upToMessageId) }),
    realtimeTicket: () => ({ notExported: 'a one-time WebSocket credential (hashed) that lives 60 s' }),
    connection: () => ({ notExported: 'a live WebSocket connection: a routing handle for <= 2 h' }),
    audit: () => ({ exported: is('userId') && audited(v.id) }),
    decision: () => ({ exported: decided(v.id) }),
    retainedPhoto: () => ({ exported: kept(v.photoId) }),
  };
  return verdicts[row.kind]?.();
}

/**
 * The privacy contract: the export holds every stored row that names the user, and after erasure no
 * row of any table, and no object in the blob store, holds anything of the user. Runs through the services on
 * every store; the scans are the test's own (information_schema tables, a DynamoDB Scan).
 */
export function describePrivacyContract(subject: () => StoreUnderTest): void {
  describe('privacy: export completeness and erasure completeness', () => {
    let blobRoot: string;
    let deps: Deps;

    beforeAll(async () => {
      blobRoot = await mkdtemp(join(tmpdir(), 'privacy-blobs-'));
      const clock = { now: () => new Date() };
      const blobs = createFsBlobStore({
        root: blobRoot,
        uploadUrl: '/uploads',
        uploadSecret: randomBytes(32),
        clock,
      });
      deps = photoDeps({ store: subject().store, blobs, clock });
    });
    afterAll(async () => {
      await rm(blobRoot, { recursive: true, force: true });
    });

    it(
      'exports every stored row that names the user, or the test says why the row is not hers',
      async () => {
        const world = await populate(deps);
        const me = world.subject.id;
        const data = await exportAccount(deps, me, world.subject.actor);
        AccountExport.parse(JSON.parse(JSON.stringify(data)));

        const naming = (await subject().rows()).filter(
          (row) => row.text.includes(me) || row.text.includes(world.subject.email),
        );
        const unplaced = naming.flatMap((row) => {
          const verdict = verdictOf(row, data, me);
          return verdict === undefined || ('exported' in verdict && !verdict.exported) ? [row] : [];
        });
        expect(unplaced.map(({ kind, text }) => `${kind}: ${text}`)).toEqual([]);

        // The rows behind each section are there: the scan found what the population made.
        const kinds = new Set(naming.map((row) => row.kind));
        expect(kinds.size).toBeGreaterThanOrEqual(12);
        expect(data.matches.map((m) => m.endedAt === null)).toEqual([true, false]);
        expect(data.conversations.every((c) => c.messages.length === 2 && c.readUpTo !== null)).toBe(true);
        expect(data.moderation.decisions.map((d) => [d.action, d.appeal?.text])).toEqual([
          ['remove_photo', expect.stringMatching(/appeals$/)],
        ]);
        expect(data.moderation.keptPhotos).toHaveLength(1);
        expect(data.photos.map((p) => p.status).sort()).toEqual(['pending', 'ready', 'rejected']);
        expect(data.sessions.map((s) => s.revokedAt === null)).toEqual([false, true]);
        expect(data.swipes.map((s) => s.decision).sort()).toEqual(['like', 'like', 'pass']);
        expect(data.blocks).toHaveLength(2);
        expect(data.reports.map((r) => r.id)).toEqual([world.reportByHerId]);
        // Registration mailed a verification link, she asked for a reset link: both pending, no hash.
        expect(data.pendingTokens.map((t) => t.purpose).sort()).toEqual([
          'email_verification',
          'password_reset',
        ]);
        expect(Object.keys(data.pendingTokens[0] ?? {}).sort()).toEqual([
          'createdAt',
          'expiresAt',
          'purpose',
        ]);
        // Of others, only ids: nobody else's email, name or words.
        const text = JSON.stringify(data);
        expect(text).not.toContain(world.milo.email);
        expect(text).not.toContain('Milo');
        expect(text).not.toContain('kept sending links');
      },
      POPULATED_TEST_TIMEOUT_MS,
    );

    it(
      'erases: no row of any table and no object names the user any more; reports stay, pseudonymized',
      async () => {
        const world = await populate(deps);
        const me = world.subject.id;
        expect((await listFsBlobKeys(blobRoot)).some((key) => key.includes(me))).toBe(true);

        subject().requests?.reset();
        await deleteAccount(deps, me, PASSWORD, world.subject.actor);
        // Bounded requests on DynamoDB: never a Scan.
        expect(subject().requests?.names() ?? []).not.toContain('ScanCommand');

        const rows = await subject().rows();
        const byId = (id: string) => rows.find((row) => row.value.id === id && /^reports?$/.test(row.kind));
        const reportAboutHer = byId(world.reportAboutHerId);
        const reportByHer = byId(world.reportByHerId);
        // Reports stay for moderation under one tombstone: a fresh id, not hers, nobody's.
        const tombstone = String(reportByHer?.value.reporter_id ?? reportByHer?.value.reporterId);
        expect(tombstone).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
        expect(tombstone).not.toBe(me);
        expect(reportAboutHer?.value.reported_user_id ?? reportAboutHer?.value.reportedUserId).toBe(
          tombstone,
        );
        expect(reportByHer?.value.details ?? null).toBeNull();
        // The erasure itself is on record, under the tombstone, with nothing else about her.
        const erasure = rows.find(
          (row) =>
            /^audit/.test(row.kind) &&
            row.value.type === 'account_deleted' &&
            (row.value.user_id ?? row.value.userId) === tombstone,
        );
        expect(erasure?.value).toMatchObject({ ip: '', details: {} });

        // Nothing else anywhere. The one exception: the report another user wrote about her keeps the
        // reporter's own words (their statement, in their export), which may name her; her id is gone from it.
        const leftovers = rows.flatMap((row) => {
          const value =
            row === reportAboutHer
              ? Object.fromEntries(Object.entries(row.value).filter(([k]) => k !== 'details'))
              : row.value;
          const text = JSON.stringify(value);
          const found = world.needles.filter((needle) => text.includes(needle));
          return found.length > 0 ? [`${row.kind} holds ${found.join(', ')}: ${text}`] : [];
        });
        expect(leftovers).toEqual([]);
        expect(JSON.stringify(reportAboutHer?.value)).not.toContain(me);

        const objects = await listFsBlobKeys(blobRoot);
        expect(objects.filter((key) => world.needles.some((needle) => key.includes(needle)))).toEqual([]);

        // Milo, the other side of the active match, was told; his account is intact.
        expect(await deps.store.users.findById(world.milo.id)).not.toBeNull();
        expect(await deps.store.matches.listAllByUser(world.milo.id)).toEqual([]);
      },
      POPULATED_TEST_TIMEOUT_MS,
    );
  });
}
