import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/domain/ids';
import type { Store } from '../../src/ports/repositories';
import type { StoredRow } from '../support/stored-rows';
import { describeAccountTokensContract } from './account-tokens-contract';
import { describeChatContract } from './chat-contract';
import { describeDiscoveryContract } from './discovery-contract';
import { describeEmailDeliverabilityContract } from './email-deliverability-contract';
import { describeErasureContract } from './erasure-contract';
import { aProfile, aToken, aUser, iso } from './fixtures';
import { describeAuditLogContract, describeRateLimitContract } from './hardening-contract';
import { describePhotoRepositoryContract } from './photos-contract';
import { describePrivacyContract } from './privacy-contract';
import { describeRelationsContract } from './relations-contract';
import { describeSessionsContract } from './sessions-contract';

export interface StoreUnderTest {
  store: Store;
  /** Every stored row or item (a test-only scan of every table): the privacy contract searches it for a user. */
  rows(): Promise<StoredRow[]>;
  /** Names of the requests the store sent since `reset` (DynamoDB: erasure must never Scan). */
  requests?: { names(): string[]; reset(): void };
  /** Drops whatever the suite created (schema, table) and closes connections. */
  dispose(): Promise<void>;
}

/**
 * THE store contract: every adapter (PGlite, PostgreSQL, DynamoDB) must pass all of it.
 * Tests use fresh ids, so they do not depend on each other or on an empty store.
 */
export function describeStoreContract(name: string, open: () => Promise<StoreUnderTest>): void {
  describe(`store contract: ${name}`, () => {
    let subject: StoreUnderTest;
    const store = () => subject.store;

    beforeAll(async () => {
      subject = await open();
    }, 60_000);
    afterAll(async () => {
      await subject?.dispose();
    });

    it('answers ping', async () => {
      await expect(store().ping()).resolves.toBeUndefined();
    });

    describe('users', () => {
      it('creates a user and finds it by id and by email', async () => {
        const user = aUser();
        expect(await store().users.create(user)).toBe('created');
        expect(await store().users.findById(user.id)).toEqual(user);
        expect(await store().users.findByEmail(user.email)).toEqual(user);
      });

      it('refuses a second user with the same email and keeps the first', async () => {
        const first = aUser();
        await store().users.create(first);
        const second = aUser({ email: first.email });
        expect(await store().users.create(second)).toBe('email_taken');
        expect(await store().users.findById(second.id)).toBeNull();
        expect((await store().users.findByEmail(first.email))?.id).toBe(first.id);
      });

      it('lets exactly one of many concurrent registrations of one email win', async () => {
        const email = `race-${newId().toLowerCase()}@example.test`;
        const results = await Promise.all(
          Array.from({ length: 8 }, () => store().users.create(aUser({ email }))),
        );
        expect(results.filter((result) => result === 'created')).toHaveLength(1);
      });

      it('answers null for unknown users', async () => {
        expect(await store().users.findById(newId())).toBeNull();
        expect(await store().users.findByEmail('nobody@example.test')).toBeNull();
      });

      it('updates the password hash', async () => {
        const user = aUser();
        await store().users.create(user);
        await store().users.updatePasswordHash(user.id, 'scrypt$17$8$1$bmV3$bmV3');
        expect((await store().users.findById(user.id))?.passwordHash).toBe('scrypt$17$8$1$bmV3$bmV3');
        expect((await store().users.findByEmail(user.email))?.passwordHash).toBe('scrypt$17$8$1$bmV3$bmV3');
      });
    });

    describe('refresh tokens', () => {
      const family = (userId: string) => ({
        familyId: newId(),
        userId,
        createdAt: iso(Date.UTC(2026, 0, 1)),
        expiresAt: iso(Date.UTC(2099, 1, 1)),
      });

      it('stores the first token of a family and finds it', async () => {
        const user = aUser();
        const fam = family(user.id);
        const first = aToken(user.id, fam.familyId);
        await store().refreshTokens.createFamily(fam, first);
        expect(await store().refreshTokens.find(first.tokenHash)).toEqual({
          token: first,
          familyRevoked: false,
        });
        expect(await store().refreshTokens.find('unknown-hash')).toBeNull();
      });

      it('rotates a token once: the old one is marked used, the new one is live', async () => {
        const user = aUser();
        const fam = family(user.id);
        const first = aToken(user.id, fam.familyId);
        await store().refreshTokens.createFamily(fam, first);
        const next = aToken(user.id, fam.familyId);
        const usedAt = iso(Date.UTC(2026, 0, 3));
        expect(await store().refreshTokens.rotate(first.tokenHash, next, usedAt)).toBe(true);
        expect((await store().refreshTokens.find(first.tokenHash))?.token.usedAt).toBe(usedAt);
        expect(await store().refreshTokens.find(next.tokenHash)).toEqual({
          token: next,
          familyRevoked: false,
        });
        // a second rotation of the same old token is reuse
        const again = aToken(user.id, fam.familyId);
        expect(await store().refreshTokens.rotate(first.tokenHash, again, usedAt)).toBe(false);
        expect(await store().refreshTokens.find(again.tokenHash)).toBeNull();
      });

      it('lets only one of two concurrent rotations of the same token succeed', async () => {
        const user = aUser();
        const fam = family(user.id);
        const first = aToken(user.id, fam.familyId);
        await store().refreshTokens.createFamily(fam, first);
        const results = await Promise.all([
          store().refreshTokens.rotate(first.tokenHash, aToken(user.id, fam.familyId), iso(Date.now())),
          store().refreshTokens.rotate(first.tokenHash, aToken(user.id, fam.familyId), iso(Date.now())),
        ]);
        expect(results.filter(Boolean)).toHaveLength(1);
      });

      it('revokes a whole family, and refuses to rotate inside it', async () => {
        const user = aUser();
        const fam = family(user.id);
        const first = aToken(user.id, fam.familyId);
        await store().refreshTokens.createFamily(fam, first);
        const second = aToken(user.id, fam.familyId);
        await store().refreshTokens.rotate(first.tokenHash, second, iso(Date.now()));
        await store().refreshTokens.revokeFamily(user.id, fam.familyId, iso(Date.now()));
        expect((await store().refreshTokens.find(first.tokenHash))?.familyRevoked).toBe(true);
        expect((await store().refreshTokens.find(second.tokenHash))?.familyRevoked).toBe(true);
        expect(
          await store().refreshTokens.rotate(
            second.tokenHash,
            aToken(user.id, fam.familyId),
            iso(Date.now()),
          ),
        ).toBe(false);
      });

      it("revokes all of a user's families except the current one, and nobody else's", async () => {
        const user = aUser();
        const other = aUser();
        const keep = family(user.id);
        const drop = family(user.id);
        const foreign = family(other.id);
        const keepToken = aToken(user.id, keep.familyId);
        const dropToken = aToken(user.id, drop.familyId);
        const foreignToken = aToken(other.id, foreign.familyId);
        await store().refreshTokens.createFamily(keep, keepToken);
        await store().refreshTokens.createFamily(drop, dropToken);
        await store().refreshTokens.createFamily(foreign, foreignToken);
        await store().refreshTokens.revokeAllForUser(user.id, iso(Date.now()), keep.familyId);
        expect((await store().refreshTokens.find(keepToken.tokenHash))?.familyRevoked).toBe(false);
        expect((await store().refreshTokens.find(dropToken.tokenHash))?.familyRevoked).toBe(true);
        expect((await store().refreshTokens.find(foreignToken.tokenHash))?.familyRevoked).toBe(false);
        await store().refreshTokens.revokeAllForUser(user.id, iso(Date.now()));
        expect((await store().refreshTokens.find(keepToken.tokenHash))?.familyRevoked).toBe(true);
      });
    });

    describePhotoRepositoryContract(store);
    describeDiscoveryContract(store);
    describeRelationsContract(store);
    describeRateLimitContract(store);
    describeAuditLogContract(store);
    describeChatContract(store);
    describeErasureContract(store);
    describeSessionsContract(store);
    describeAccountTokensContract(store);
    describeEmailDeliverabilityContract(store);
    describePrivacyContract(() => subject);

    describe('profiles', () => {
      it('answers null before a profile exists', async () => {
        expect(await store().profiles.get(newId())).toBeNull();
      });

      it('creates and then replaces a profile, keeping every field', async () => {
        const user = aUser();
        await store().users.create(user);
        const profile = aProfile(user.id);
        await store().profiles.put(profile);
        expect(await store().profiles.get(user.id)).toEqual(profile);
        const replaced = aProfile(user.id, {
          displayName: 'Ada L.',
          interestedIn: ['woman'],
          interests: [],
          prompts: [],
          bio: '',
          location: { lat: -33.8688, lon: 151.2093 },
          updatedAt: iso(Date.UTC(2026, 0, 5)),
        });
        await store().profiles.put(replaced);
        expect(await store().profiles.get(user.id)).toEqual(replaced);
      });

      it('keeps unicode text intact', async () => {
        const user = aUser();
        await store().users.create(user);
        const profile = aProfile(user.id, { displayName: 'Zoë 🌈 Łódź', bio: '日本語 — "quotes" \\ back' });
        await store().profiles.put(profile);
        expect(await store().profiles.get(user.id)).toEqual(profile);
      });
    });
  });
}
