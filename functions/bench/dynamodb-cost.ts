/**
 * Benchmark 6: DynamoDB cost per use case — the requests, read and write capacity units one API call
 * consumes, i.e. the numbers an operator multiplies by traffic.
 *
 * Every use case is a real API call as Lambda runs it (API Gateway v2 event -> the route's middleware chain ->
 * service -> DynamoDB store), on DynamoDB Local, with Deps wired like `runtime/aws/deps.ts`: the DynamoDB store
 * (on a client that asks for ReturnConsumedCapacity TOTAL and records every request), the default rate limits,
 * the WebSocket notifier over the connection table (posting succeeds; PostToConnection is not DynamoDB), photos
 * in a folder (S3 costs are not DynamoDB's) and sharp. Photo processing is the S3 ObjectCreated event handler.
 * Discover runs in a seeded city (the discovery-scale benchmark's population), the other calls are the same at
 * any table size. Each use case runs for several fresh pairs of users; figures are the mean per call.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFsBlobStore } from '../src/adapters/fs/fs-blob-store';
import { createSharpImageProcessor } from '../src/adapters/images/sharp-image-processor';
import { createJsonLogger } from '../src/adapters/log/json-logger';
import { createLoggingOutbox } from '../src/adapters/mail/logging-outbox';
import { createConnectionNotifier } from '../src/adapters/notify/connection-notifier';
import { newId } from '../src/domain/ids';
import { MAX_INPUT_PIXELS, uploadKey } from '../src/domain/photos';
import { createPhotoEventHandler } from '../src/handlers/events/process-photo';
import { systemClock } from '../src/ports/clock';
import { accessTokenKeySet } from '../src/runtime/access-token-keys';
import { objectCreatedPostEvent } from '../src/runtime/lab/s3-event';
import type { Deps } from '../src/services/deps';
import { cameraJpeg } from '../test/support/images';
import type { BenchFigure, Benchmark, BenchResult } from './bench-result';
import { openMeteredDynamoDbStore } from './support/dynamodb-local-store';
import {
  type DynamoDbMeter,
  type MeteredRequest,
  type MeterTotals,
  totalsOf,
} from './support/dynamodb-meter';
import { seedDynamoDb } from './support/dynamodb-population';
import { type ApiAnswer, type ApiCall, type InProcessApi, inProcessApi } from './support/in-process-api';
import { benchActivity, benchPopulation } from './support/population';
import { round } from './support/stats';

/**
 * On-demand prices assumed for the estimate (us-east-1, Standard table class, since the November 2024 price
 * cut): per million write request units and per million read request units. Check
 * https://aws.amazon.com/dynamodb/pricing/on-demand/ for your region and date.
 */
const PRICE_PER_MILLION_WRU = 0.625;
const PRICE_PER_MILLION_RRU = 0.125;

const PASSWORD = 'bench-Cost-Pass-2026!';
const BERLIN = { lat: 52.52, lon: 13.405 };

interface UseCase {
  name: string;
  /** What the call is, for the notes: "POST /api/swipes (like that completes a match)". */
  call: string;
}

interface Sample {
  useCase: UseCase;
  requests: MeteredRequest[];
  cost: MeterTotals;
}

interface Person {
  email: string;
  ip: string;
  token: string;
  refreshCookie: string;
  userId: string;
}

export const dynamodbCost: Benchmark = async (context) => {
  const { log, quick } = context;
  const pairs = quick ? 1 : 4;
  const cityPeople = quick ? 400 : 4_000;
  const opened = await openMeteredDynamoDbStore();
  const blobDir = await mkdtemp(join(tmpdir(), 'bench-cost-blobs-'));
  try {
    const now = new Date();
    const people = benchPopulation(cityPeople, now);
    const seeded = await seedDynamoDb(
      opened.seedClient,
      opened.tableName,
      people,
      benchActivity(people, { viewerCount: 0, swipesPerViewer: 0, now }),
      log,
    );
    const logger = createJsonLogger({ level: 'error', write: () => {} });
    const secret = new TextEncoder().encode('bench-only-jwt-secret-0123456789abcdef');
    const deps: Deps = {
      store: opened.store,
      blobs: createFsBlobStore({
        root: blobDir,
        uploadUrl: '/uploads',
        uploadSecret: secret,
        clock: systemClock,
      }),
      images: createSharpImageProcessor({ maxInputPixels: MAX_INPUT_PIXELS }),
      notifier: createConnectionNotifier({
        connections: opened.store.connections,
        poster: { post: async () => 'delivered', close: async () => {} },
        clock: systemClock,
        log: logger,
      }),
      mail: createLoggingOutbox(logger, 'benchmarks send no mail'),
      clock: systemClock,
      log: logger,
      config: {
        version: 'bench',
        emailVerification: 'off',
        auth: {
          keys: accessTokenKeySet({ current: 'bench-only-jwt-secret-0123456789abcdef' }),
          issuer: 'dating-app',
          audience: 'dating-app',
          accessTokenTtlSeconds: 900,
          refreshTokenTtlSeconds: 30 * 86_400,
          // Cheap hashing: the password hash costs CPU, not DynamoDB capacity.
          passwordHashCost: 14,
        },
        // As on AWS: the S3 event processes uploads; `complete` only reports.
        photos: { processOnComplete: false },
      },
    };
    const api = inProcessApi(deps);
    const processPhoto = createPhotoEventHandler(async () => deps);
    const photo = await cameraJpeg(1200, 900);
    const samples: Sample[] = [];
    const started = performance.now();
    for (let pair = 0; pair < pairs; pair += 1) {
      samples.push(
        ...(await scenario({ api, deps, meter: opened.meter, processPhoto, photo, pair, runId: newId() })),
      );
    }
    log(
      `dynamodb-cost: ${samples.length} calls measured in ${round((performance.now() - started) / 1000, 1)} s`,
    );
    return report(samples, {
      prices: `assumed $${PRICE_PER_MILLION_RRU}/M read, $${PRICE_PER_MILLION_WRU}/M write request units (us-east-1 on-demand)`,
      pairs,
      cityPeople,
      seededItems: seeded.items,
      seedSeconds: round(seeded.seconds, 1),
    });
  } finally {
    await opened.close();
    await rm(blobDir, { recursive: true, force: true });
  }
};

interface ScenarioInput {
  api: InProcessApi;
  deps: Deps;
  meter: DynamoDbMeter;
  processPhoto: ReturnType<typeof createPhotoEventHandler>;
  photo: Buffer;
  pair: number;
  runId: string;
}

/** Runs `work` on a quiet meter and answers what it sent, once nothing more arrives (notifications included). */
async function measured<T>(
  meter: DynamoDbMeter,
  work: () => Promise<T>,
): Promise<{ result: T; requests: MeteredRequest[] }> {
  meter.reset();
  const result = await work();
  let seen = -1;
  while (meter.requests().length !== seen) {
    seen = meter.requests().length;
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
  return { result, requests: meter.requests() };
}

/** One pair of fresh users through the product: register to chat. Answers one sample per measured call. */
async function scenario(input: ScenarioInput): Promise<Sample[]> {
  const { api, deps, meter, processPhoto, photo, pair, runId } = input;
  const samples: Sample[] = [];
  const measure = async <T>(useCase: UseCase, work: () => Promise<ApiAnswer<T>>): Promise<ApiAnswer<T>> => {
    const { result, requests } = await measured(meter, work);
    if (result.status >= 400) {
      throw new Error(
        `dynamodb-cost: ${useCase.call} answered ${result.status}: ${JSON.stringify(result.body)}`,
      );
    }
    samples.push({ useCase, requests, cost: totalsOf(requests) });
    return result;
  };
  const as = (person: Person, extra: ApiCall = {}): ApiCall => ({
    token: person.token,
    sourceIp: person.ip,
    ...extra,
  });

  // Register both (a woman and a man in Berlin looking for each other), then log in and refresh.
  const people: Person[] = [];
  for (const side of ['a', 'b'] as const) {
    const email = `cost-${runId.toLowerCase()}-${pair}-${side}@bench.test`;
    const ip = `198.51.100.${pair * 2 + (side === 'a' ? 1 : 2)}`;
    const registered = await measure<{ user: { id: string }; accessToken: string }>(
      { name: 'register', call: 'POST /api/auth/register' },
      () => api('POST', '/api/auth/register', { json: { email, password: PASSWORD }, sourceIp: ip }),
    );
    people.push({
      email,
      ip,
      userId: registered.body.user.id,
      token: registered.body.accessToken,
      refreshCookie: registered.cookies[0] ?? '',
    });
  }
  const [a, b] = people as [Person, Person];
  for (const person of people) {
    const loggedIn = await measure<{ accessToken: string }>(
      { name: 'login', call: 'POST /api/auth/login' },
      () =>
        api('POST', '/api/auth/login', {
          json: { email: person.email, password: PASSWORD },
          sourceIp: person.ip,
        }),
    );
    person.token = loggedIn.body.accessToken;
    person.refreshCookie = loggedIn.cookies[0] ?? '';
    const refreshed = await measure<{ accessToken: string }>(
      { name: 'refresh', call: 'POST /api/auth/refresh (rotates the cookie)' },
      () => api('POST', '/api/auth/refresh', { cookies: [person.refreshCookie], sourceIp: person.ip }),
    );
    person.token = refreshed.body.accessToken;
    person.refreshCookie = refreshed.cookies[0] ?? '';
    await measure({ name: 'get me', call: 'GET /api/me' }, () => api('GET', '/api/me', as(person)));
  }

  // Profiles and a photo each: start the upload, the S3 event processes it, the app asks for the outcome.
  for (const [index, person] of people.entries()) {
    const woman = index === 0;
    await measure({ name: 'put profile', call: 'PUT /api/profile' }, () =>
      api(
        'PUT',
        '/api/profile',
        as(person, {
          json: {
            displayName: woman ? 'Ada' : 'Ben',
            birthDate: woman ? '1994-05-06' : '1992-08-09',
            gender: woman ? 'woman' : 'man',
            interestedIn: [woman ? 'man' : 'woman'],
            ageMin: 25,
            ageMax: 45,
            maxDistanceKm: 25,
            location: { lat: BERLIN.lat + index * 0.01, lon: BERLIN.lon },
            bio: 'Benchmarking DynamoDB, one request unit at a time.',
            interests: ['coffee', 'climbing', 'jazz'],
            prompts: [{ question: 'A perfect Sunday', answer: 'Flea market, lake, nap.' }],
          },
        }),
      ),
    );
    await measure({ name: 'get own profile', call: 'GET /api/profile' }, () =>
      api('GET', '/api/profile', as(person)),
    );
    const started = await measure<{ photo: { id: string } }>(
      { name: 'start photo upload', call: 'POST /api/photos (presigned POST)' },
      () =>
        api('POST', '/api/photos', as(person, { json: { contentType: 'image/jpeg', size: photo.length } })),
    );
    const key = uploadKey(person.userId, started.body.photo.id);
    await deps.blobs.put(key, photo, { contentType: 'image/jpeg' });
    const event = objectCreatedPostEvent({
      bucket: 'bench-photos',
      key,
      size: photo.length,
      body: photo,
      sourceIp: person.ip,
      region: 'us-east-1',
      eventTime: new Date(),
    });
    const processed = await measured(meter, () => processPhoto(event));
    samples.push({
      useCase: { name: 'process photo', call: 'S3 ObjectCreated event -> photo handler' },
      requests: processed.requests,
      cost: totalsOf(processed.requests),
    });
    await measure({ name: 'complete photo upload', call: `POST /api/photos/{id}/complete` }, () =>
      api('POST', `/api/photos/${started.body.photo.id}/complete`, as(person)),
    );
  }

  // Discovery in a city of seeded people, then swipes: a pass, a like, and the like back that makes the match.
  const deck = await measure<{ items: Array<{ userId: string }> }>(
    { name: 'discover', call: 'GET /api/discover (20 per page, in a seeded city)' },
    () => api('GET', '/api/discover', as(a)),
  );
  await measure({ name: 'discover', call: 'GET /api/discover (20 per page, in a seeded city)' }, () =>
    api('GET', '/api/discover', as(b)),
  );
  const stranger = deck.body.items.find((item) => item.userId !== b.userId);
  if (stranger) {
    await measure({ name: 'swipe (pass)', call: 'POST /api/swipes pass' }, () =>
      api('POST', '/api/swipes', as(a, { json: { targetUserId: stranger.userId, decision: 'pass' } })),
    );
  }
  await measure({ name: 'swipe (like, no match yet)', call: 'POST /api/swipes like' }, () =>
    api('POST', '/api/swipes', as(a, { json: { targetUserId: b.userId, decision: 'like' } })),
  );
  // Both are online: the match and message events go to a live WebSocket connection each.
  for (const person of people) {
    await deps.store.connections.add({
      id: `bench-${person.userId}`,
      userId: person.userId,
      connectedAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 7_200_000).toISOString(),
    });
  }
  const matched = await measure<{ matched: boolean; match?: { matchId: string } }>(
    { name: 'swipe (like that makes a match)', call: 'POST /api/swipes like back (match + 2 notifications)' },
    () => api('POST', '/api/swipes', as(b, { json: { targetUserId: a.userId, decision: 'like' } })),
  );
  const matchId = matched.body.match?.matchId;
  if (!matched.body.matched || !matchId)
    throw new Error(`dynamodb-cost: the mutual like made no match: ${JSON.stringify(matched.body)}`);
  await measure({ name: 'list matches', call: 'GET /api/matches' }, () => api('GET', '/api/matches', as(a)));
  await measure({ name: 'public profile', call: 'GET /api/profiles/{userId}' }, () =>
    api('GET', `/api/profiles/${b.userId}`, as(a)),
  );

  // Chat: a few messages each way, reading the conversation, marking it read.
  let lastMessage = '';
  for (let index = 0; index < 3; index += 1) {
    for (const [from, text] of [
      [a, `Hi, message ${index}`],
      [b, `Hello back ${index}`],
    ] as const) {
      const sent = await measure<{ message: { id: string } }>(
        { name: 'send message', call: 'POST /api/conversations/{id}/messages (+ notification to both)' },
        () =>
          api(
            'POST',
            `/api/conversations/${matchId}/messages`,
            as(from, { json: { clientMessageId: `c-${index}-${from.userId}`, text } }),
          ),
      );
      lastMessage = sent.body.message.id;
    }
  }
  await measure({ name: 'list messages', call: 'GET /api/conversations/{id}/messages (newest page)' }, () =>
    api('GET', `/api/conversations/${matchId}/messages`, as(a)),
  );
  await measure({ name: 'mark read', call: 'POST /api/conversations/{id}/read (+ notification)' }, () =>
    api('POST', `/api/conversations/${matchId}/read`, as(a, { json: { upToMessageId: lastMessage } })),
  );
  await measure({ name: 'realtime ticket', call: 'POST /api/realtime/ticket' }, () =>
    api('POST', '/api/realtime/ticket', as(a)),
  );
  return samples;
}

function report(samples: readonly Sample[], setup: Record<string, number | string>): BenchResult {
  const byName = new Map<string, Sample[]>();
  for (const sample of samples) {
    const list = byName.get(sample.useCase.name);
    if (list) list.push(sample);
    else byName.set(sample.useCase.name, [sample]);
  }
  const figures: BenchFigure[] = [];
  const notes: string[] = [];
  const mean = (list: readonly Sample[], pick: (cost: MeterTotals) => number) =>
    list.reduce((total, sample) => total + pick(sample.cost), 0) / list.length;
  for (const [name, list] of byName) {
    const requests = mean(list, (cost) => cost.requests);
    const rcu = mean(list, (cost) => cost.readUnits);
    const failed = mean(list, (cost) => cost.conditionFailures);
    // A failed condition is billed by the item's size: every item these conditions guard is under 1 KB.
    const wcu = mean(list, (cost) => cost.writeUnits) + failed;
    const indexShare = mean(list, (cost) => cost.indexUnits);
    const dollars = rcu * PRICE_PER_MILLION_RRU + wcu * PRICE_PER_MILLION_WRU;
    figures.push(
      { name: `${name}: requests`, value: round(requests, 1), unit: 'requests' },
      { name: `${name}: read units`, value: round(rcu, 1), unit: 'RCU' },
      { name: `${name}: write units`, value: round(wcu, 1), unit: 'WCU' },
      { name: `${name}: est. $ per 1M calls`, value: round(dollars, 2), unit: 'USD' },
    );
    const commands = Object.entries(totalsOf(list.flatMap((sample) => sample.requests)).byCommand)
      .map(([command, count]) => `${round(count / list.length, 1)} ${command.replace(/Command$/, '')}`)
      .join(', ');
    notes.push(
      `${name} — ${list[0]?.useCase.call}: ${commands} per call (mean of ${list.length})` +
        (indexShare > 0 ? `; ${round(indexShare, 1)} of the units on GSIs` : '') +
        (failed > 0 ? `; ${round(failed, 1)} failed condition(s), counted as 1 WCU each` : ''),
    );
  }
  notes.push(
    `Estimate only: $ per 1M calls = RCU x $${PRICE_PER_MILLION_RRU} + WCU x $${PRICE_PER_MILLION_WRU} per million ` +
      '(ASSUMED prices: us-east-1 on-demand, Standard table class, after the Nov 2024 cut; check ' +
      'https://aws.amazon.com/dynamodb/pricing/on-demand/). On-demand bills read/write request units, computed like ' +
      'these capacity units. Excludes storage, backups/PITR, streams, data transfer, Lambda, API Gateway and S3.',
    'Units are what DynamoDB Local reports for ReturnConsumedCapacity INDEXES (GSI writes included), with two ' +
      'corrections to what DynamoDB bills: transactional requests doubled (Local reports them at the standard rate), ' +
      'and a write whose condition failed (Local reports nothing) counted as 1 WCU.',
    "Authenticated calls include the handler's user check (1 strongly consistent GetItem); rate-limited calls their " +
      'counter UpdateItem(s); match and message notifications the connection lookups (1 Query per recipient; ' +
      'PostToConnection is not DynamoDB).',
  );
  return {
    id: 'dynamodb-cost',
    title: 'DynamoDB cost per use case (requests, RCU, WCU per API call)',
    setup: { store: 'DynamoDB Local, the app table (createTable)', ...setup },
    figures,
    notes,
  };
}
