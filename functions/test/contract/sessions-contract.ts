import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newId } from '../../src/domain/ids';
import type { Store } from '../../src/ports/repositories';
import { aToken, aUser, iso } from './fixtures';

const hash = () => createHash('sha256').update(randomBytes(16)).digest('base64url');

/** What the sessions list and ending sessions need from a store: device, last use, sessions of sockets. */
export function describeSessionsContract(store: () => Store) {
  describe('sessions', () => {
    it('lists a family with its device and last use, which a rotation moves forward', async () => {
      const user = aUser();
      await store().users.create(user);
      const createdAt = iso(Date.UTC(2026, 0, 1));
      const labelled = {
        familyId: newId(),
        userId: user.id,
        createdAt,
        expiresAt: iso(Date.UTC(2099, 0, 1)),
      };
      const first = aToken(user.id, labelled.familyId);
      await store().refreshTokens.createFamily({ ...labelled, device: 'Firefox on Linux' }, first);
      const unlabelled = { ...labelled, familyId: newId(), createdAt: iso(Date.UTC(2026, 0, 2)) };
      await store().refreshTokens.createFamily(unlabelled, aToken(user.id, unlabelled.familyId));

      expect(await store().refreshTokens.listSessions(user.id)).toEqual([
        { ...labelled, device: 'Firefox on Linux', lastUsedAt: createdAt, revokedAt: null },
        { ...unlabelled, lastUsedAt: unlabelled.createdAt, revokedAt: null },
      ]);

      const usedAt = iso(Date.UTC(2026, 0, 5));
      const next = aToken(user.id, labelled.familyId, { expiresAt: iso(Date.UTC(2099, 0, 2)) });
      expect(await store().refreshTokens.rotate(first.tokenHash, next, usedAt)).toBe(true);
      const [rotated] = await store().refreshTokens.listSessions(user.id);
      expect(rotated).toMatchObject({ familyId: labelled.familyId, lastUsedAt: usedAt, createdAt });
    });

    it('hands a ticket’s session to the connection, and keeps it with the connection', async () => {
      const user = aUser();
      await store().users.create(user);
      const now = Date.now();
      const sessionId = newId();
      const ticket = {
        ticketHash: hash(),
        userId: user.id,
        sessionId,
        createdAt: iso(now),
        expiresAt: iso(now + 60_000),
      };
      await store().realtimeTickets.create(ticket);
      expect(await store().realtimeTickets.consume(ticket.ticketHash, iso(now))).toEqual({
        userId: user.id,
        sessionId,
      });

      const connection = {
        id: `c${randomBytes(8).toString('hex')}`,
        userId: user.id,
        sessionId,
        connectedAt: iso(now),
        expiresAt: iso(now + 7_200_000),
      };
      const older = { ...connection, id: `c${randomBytes(8).toString('hex')}`, sessionId: undefined };
      await store().connections.add(connection);
      await store().connections.add(older);
      expect(await store().connections.get(connection.id, iso(now))).toEqual(connection);
      const listed = await store().connections.listByUsers([user.id], iso(now));
      expect(listed.find((found) => found.id === connection.id)?.sessionId).toBe(sessionId);
      expect(listed.find((found) => found.id === older.id)?.sessionId).toBeUndefined();
      expect(await store().connections.remove(connection.id)).toEqual(connection);
    });
  });
}
