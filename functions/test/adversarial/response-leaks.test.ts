import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiSession } from '../support/api-session';
import type { TestServer } from '../support/lab-server';
import { matchingApi } from '../support/matching-api';
import { nextTown, northOf } from '../support/matching-fixtures';
import { findLeak } from './adversarial-http';
import { fuzzTargets } from './fuzz-stores';

/**
 * Response schemas checked strictly: every JSON answer that is about ANOTHER user (public
 * profile, discovery, swipe result, matches, block list) is scanned recursively: no private or internal key
 * anywhere in the tree, and none of the other user's private values (email, birth date, exact coordinates)
 * anywhere in the text, whatever key they might hide under.
 */

/** Keys that must never appear in a view of someone else, at any depth. */
const FORBIDDEN_KEY =
  /^(email|emailNormalized|birthDate|dateOfBirth|dob|location|lat|lon|lng|latitude|longitude|geohash|cell|gridCell|point|coords|password|passwordHash|hash|salt|refreshToken|tokenFamily|sessionId|sid|ip|sourceIp|userAgent|interestedIn|ageMin|ageMax|maxDistanceKm|lastActiveAt|deletedAt|suspended|role|PK|SK|GSI\d*PK|GSI\d*SK|pk|sk|gsi\w*|entityType|ttl|version|_\w+|__\w+)$/;

/** Fields whose job is to name a user: the person shown, a message's sender. */
const USER_ID_FIELDS = new Set(['userId', 'senderId']);

/** The tree without the fields that name a user (USER_ID_FIELDS): where else an id shows is a leak. */
function withoutUserIdFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUserIdFields);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([name]) => !USER_ID_FIELDS.has(name))
      .map(([name, child]) => [name, withoutUserIdFields(child)]),
  );
}

/** Every `thumb`/`display` URL in a JSON tree. */
function mediaUrls(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(mediaUrls);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([name, child]) => [
    ...((name === 'thumb' || name === 'display') && typeof child === 'string' ? [child] : []),
    ...mediaUrls(child),
  ]);
}

/** Every key path of a JSON tree with a forbidden key name. */
function forbiddenKeys(value: unknown, path = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => forbiddenKeys(item, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([name, child]) => [
    ...(FORBIDDEN_KEY.test(name) ? [`${path}.${name}`] : []),
    ...forbiddenKeys(child, `${path}.${name}`),
  ]);
}

interface Person {
  session: ApiSession;
  email: string;
  birthDate: string;
  location: { lat: number; lon: number };
}

const targets = fuzzTargets();

describe.each(targets)(
  'views of another user leak nothing private (lab runtime over HTTP, $name)',
  (target) => {
    if (target.unavailable !== null) {
      it.skip(`skipped: ${target.unavailable}`, () => {});
      return;
    }
    let server: TestServer;
    let m: ReturnType<typeof matchingApi>;
    let viewer: ApiSession;
    let others: Person[];
    /** What the viewer got back, by label, for the checks below. */
    const answers: Array<{ label: string; recipient: string; status: number; text: string; body: unknown }> =
      [];

    /** Each person's private values, exactly as they were given to the API. */
    const privateValues = (person: Person) => [
      person.email,
      person.birthDate,
      String(person.location.lat),
      String(person.location.lon),
    ];

    async function record(label: string, session: ApiSession, method: string, path: string, body?: unknown) {
      const response = await session.call(method, path, body === undefined ? {} : { body });
      answers.push({
        label: `${label}: ${method} ${path}`,
        recipient: session.userId ?? '',
        status: response.status,
        text: response.text,
        body: response.body,
      });
      return response;
    }

    beforeAll(async () => {
      server = await target.start();
      m = matchingApi(server.url);
      const town = nextTown();
      // Odd coordinates on purpose: an exact value in any answer is then unmistakable.
      const at = (km: number) => {
        const point = northOf({ lat: town.lat + 0.012345, lon: town.lon + 0.067891 }, km);
        return { lat: Number(point.lat.toFixed(6)), lon: Number(point.lon.toFixed(6)) };
      };
      const person = async (gender: 'man' | 'woman', km: number, birthDate: string): Promise<Person> => {
        const location = at(km);
        const session =
          gender === 'woman' ? await m.woman(location, { birthDate }) : await m.man(location, { birthDate });
        const me = await session.call<{ email: string }>('GET', '/api/me');
        return { session, email: me.body.email, birthDate, location };
      };
      const viewerPerson = await person('woman', 0, '1993-04-17');
      viewer = viewerPerson.session;
      const matched = await person('man', 2, '1991-02-03'); // a match, with a message
      const candidate = await person('man', 3, '1990-07-08'); // seen in discovery
      const blocked = await person('man', 4, '1989-11-12'); // blocked by the viewer
      others = [matched, candidate, blocked];

      await m.swipe(matched.session, viewer, 'like');
      const swiped = await record('swipe that makes a match', viewer, 'POST', '/api/swipes', {
        targetUserId: matched.session.userId,
        decision: 'like',
      });
      expect(swiped.status, swiped.text).toBe(200);
      const matchId = (swiped.body as { match: { matchId: string } }).match.matchId;
      const sent = await matched.session.call('POST', `/api/conversations/${matchId}/messages`, {
        body: { clientMessageId: 'm1', text: 'Hello from the match' },
      });
      expect(sent.status, sent.text).toBe(201);
      for (const other of others) {
        await record('public profile', viewer, 'GET', `/api/profiles/${other.session.userId}`);
      }
      expect(
        (await viewer.call('POST', '/api/blocks', { body: { userId: blocked.session.userId } })).status,
      ).toBe(204);
      // Blocked: the profile is gone for the viewer (docs/api.md), so only the block list shows the user now.
      expect((await viewer.call('GET', `/api/profiles/${blocked.session.userId}`)).status).toBe(404);
      await record('discovery', viewer, 'GET', '/api/discover');
      await record('matches', viewer, 'GET', '/api/matches');
      await record('block list', viewer, 'GET', '/api/blocks');
      await record('messages', viewer, 'GET', `/api/conversations/${matchId}/messages`);
      // The other direction too: what the match and the candidate see of the viewer.
      await record('matches, other side', matched.session, 'GET', '/api/matches');
      await record('discovery, other side', candidate.session, 'GET', '/api/discover');
      others.push(viewerPerson);
    }, 90_000);
    afterAll(async () => {
      await server?.close();
    });

    it('got the views it checks (so that an empty answer cannot pass for a clean one)', () => {
      const labels = answers.map((answer) => `${answer.label} -> ${answer.status}`);
      for (const answer of answers) expect(answer.status, answer.label).toBeLessThan(400);
      const texts = (label: string) => answers.find((answer) => answer.label.startsWith(label))?.text ?? '';
      expect(texts('discovery: ')).toContain(others[1]?.session.userId);
      expect(texts('matches: ')).toContain(others[0]?.session.userId);
      expect(texts('block list')).toContain(others[2]?.session.userId);
      expect(texts('matches, other side')).toContain(others[3]?.session.userId);
      expect(texts('discovery, other side')).toContain(others[3]?.session.userId);
      expect(labels.length).toBeGreaterThanOrEqual(10);
    });

    it('has no private or internal key anywhere in any of those JSON trees', () => {
      for (const answer of answers) {
        expect(typeof answer.body, answer.label).toBe('object');
        expect(forbiddenKeys(answer.body), `${answer.label}: ${answer.text.slice(0, 500)}`).toEqual([]);
      }
    });

    it("contains none of the other users' private values (email, birth date, exact coordinates)", () => {
      for (const answer of answers) {
        for (const other of others) {
          for (const value of privateValues(other)) {
            expect(answer.text.includes(value), `${answer.label} contains ${value}`).toBe(false);
          }
        }
      }
    });

    it('names no other user by id outside the fields that identify them (media URLs included)', () => {
      const urls: string[] = [];
      for (const answer of answers) {
        const rest = JSON.stringify(withoutUserIdFields(answer.body));
        for (const other of others) {
          const id = other.session.userId ?? '';
          if (id === answer.recipient) continue;
          expect(rest.includes(id), `${answer.label} names ${id} outside userId: ${rest.slice(0, 500)}`).toBe(
            false,
          );
        }
        urls.push(...mediaUrls(answer.body));
      }
      // Everyone here has a photo: the views above did show rendition URLs, each a bare random token.
      expect(urls.length).toBeGreaterThanOrEqual(4);
      for (const url of urls) expect(url).toMatch(/^\/media\/[0-9a-f]{32}\/(?:256|1080)\.webp$/);
    });

    it('shows distances only as whole kilometres, and no stack trace or internal text', () => {
      const distances: unknown[] = [];
      const collect = (value: unknown): void => {
        if (Array.isArray(value)) value.forEach(collect);
        else if (value && typeof value === 'object')
          for (const [name, child] of Object.entries(value)) {
            if (name === 'distanceKm') distances.push(child);
            collect(child);
          }
      };
      for (const answer of answers) {
        collect(answer.body);
        expect(findLeak(answer.text), answer.label).toBeUndefined();
      }
      expect(distances.length).toBeGreaterThan(0);
      for (const distance of distances) expect(Number.isInteger(distance)).toBe(true);
    });
  },
);
