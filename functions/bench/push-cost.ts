/**
 * Benchmark 7: the cost of Web Push on sending a message. The lab runtime (in this process, PGlite or
 * DATABASE_URL) with every recipient subscribed to a local push service (HTTPS on 127.0.0.1 that only counts
 * what arrives: test/api/push.api.test.ts is where pushes are decrypted and checked) and no recipient
 * connected, so every message is encrypted, VAPID-signed and pushed. Rounds alternate push off (the queue replaced
 * by the disabled one) and push on, the same senders at the same concurrency; figures: `POST .../messages`
 * latency p50/p99 with and without push (target: p99 with push <= 1.10x without, the same run), and the push
 * work itself: pushes per second of the queue and the time from the last send until every push arrived.
 */
import { createDisabledPushQueue } from '../src/adapters/push/disabled-push-queue';
import type { PushQueue } from '../src/ports/push';
import { ApiSession, aProfileInput, uniqueEmail } from '../test/support/api-session';
import { startTestServer } from '../test/support/lab-server';
import { nextTown, northOf } from '../test/support/matching-fixtures';
import { startTestPushService, type TestBrowser } from '../test/support/push-service';
import type { BenchContext, BenchResult } from './bench-result';
import { percentile, ratio, round } from './support/stats';

const TARGET_RATIO = 1.1;

export interface PushCostOptions {
  pairs: number;
  /** Messages per sender per round. */
  messagesPerSender: number;
  /** Rounds of each kind (off, on, off, on, ...). */
  rounds: number;
}

export const PUSH_COST_FULL: PushCostOptions = { pairs: 20, messagesPerSender: 10, rounds: 3 };
export const PUSH_COST_QUICK: PushCostOptions = { pairs: 4, messagesPerSender: 3, rounds: 1 };

const now = () => performance.now();

export async function pushCost(context: BenchContext): Promise<BenchResult> {
  const options = context.quick ? PUSH_COST_QUICK : PUSH_COST_FULL;
  const pushService = await startTestPushService({ decrypt: false });
  const server = await startTestServer({
    pushAgent: pushService.agent,
    ...(context.databaseUrl ? { env: { DATABASE_URL: context.databaseUrl } } : {}),
  });
  try {
    const pairs: { sender: ApiSession; matchId: string }[] = [];
    const browsers: TestBrowser[] = [];
    for (let index = 0; index < options.pairs; index += 1) {
      const town = nextTown();
      const person = async (displayName: string, gender: string, interestedIn: string, km: number) => {
        const session = new ApiSession(server.url);
        await session.register(uniqueEmail('push-bench'));
        const profile = aProfileInput({
          displayName,
          gender,
          interestedIn: [interestedIn],
          location: northOf(town, km),
        });
        await session.call('PUT', '/api/profile', { body: profile });
        return session;
      };
      const sender = await person('Ana', 'woman', 'man', 0);
      const recipient = await person('Ben', 'man', 'woman', 2);
      const browser = pushService.newBrowser();
      await recipient.call('POST', '/api/me/push-subscriptions', { body: browser.subscription });
      browsers.push(browser);
      await sender.call('POST', '/api/swipes', {
        body: { targetUserId: recipient.userId, decision: 'like' },
      });
      const liked = await recipient.call<{ match: { matchId: string } }>('POST', '/api/swipes', {
        body: { targetUserId: sender.userId, decision: 'like' },
      });
      pairs.push({ sender, matchId: liked.body.match.matchId });
    }
    await server.deps.push.idle();
    const pushQueue: PushQueue = server.deps.push;
    const disabled = createDisabledPushQueue(server.deps.log);
    const received = () => browsers.reduce((total, browser) => total + browser.received.length, 0);

    const latencies = { off: [] as number[], on: [] as number[] };
    let pushSeconds = 0;
    let pushes = 0;
    let drainMs = 0;
    let counter = 0;
    for (let round = 0; round < options.rounds; round += 1) {
      for (const mode of ['off', 'on'] as const) {
        // The one Deps object every handler gets: swapping its queue turns push off for the round.
        server.deps.push = mode === 'on' ? pushQueue : disabled;
        const before = received();
        const started = now();
        await Promise.all(
          pairs.map(async ({ sender, matchId }) => {
            for (let message = 0; message < options.messagesPerSender; message += 1) {
              counter += 1;
              const sentAt = now();
              const response = await sender.call('POST', `/api/conversations/${matchId}/messages`, {
                body: { clientMessageId: `bench-${counter}`, text: `Message ${message} of the bench` },
              });
              if (response.status !== 201)
                throw new Error(`send answered ${response.status}: ${response.text}`);
              latencies[mode].push(now() - sentAt);
            }
          }),
        );
        const lastSend = now();
        await server.deps.push.idle();
        if (mode === 'on') {
          const done = now();
          drainMs = Math.max(drainMs, done - lastSend);
          pushes += received() - before;
          pushSeconds += (done - started) / 1000;
        }
      }
    }
    server.deps.push = pushQueue;
    const sortedOff = [...latencies.off].sort((a, b) => a - b);
    const sortedOn = [...latencies.on].sort((a, b) => a - b);
    const p99Off = percentile(sortedOff, 99);
    const p99On = percentile(sortedOn, 99);
    const p99Ratio = ratio(p99On, p99Off);
    const expected = options.pairs * options.messagesPerSender * options.rounds;
    return {
      id: 'push-cost',
      title: 'Web Push: message latency with and without push, and the push work',
      setup: {
        store: context.databaseUrl ? 'PostgreSQL server' : 'PGlite',
        pairs: options.pairs,
        messagesPerRound: options.pairs * options.messagesPerSender,
        rounds: options.rounds,
        pushService: 'local HTTPS, counting only',
      },
      figures: [
        { name: 'POST message p50 without push', value: round(percentile(sortedOff, 50), 1), unit: 'ms' },
        { name: 'POST message p50 with push', value: round(percentile(sortedOn, 50), 1), unit: 'ms' },
        { name: 'POST message p99 without push', value: round(p99Off, 1), unit: 'ms' },
        {
          name: 'POST message p99 with push',
          value: round(p99On, 1),
          unit: 'ms',
          baseline: { name: 'p99 without push', value: round(p99Off, 1) },
          ...(p99Ratio === undefined ? {} : { ratio: p99Ratio }),
          target: `<= ${TARGET_RATIO}x without push`,
          met: p99Ratio !== undefined && p99Ratio <= TARGET_RATIO,
        },
        {
          name: 'pushes delivered',
          value: pushes,
          unit: 'pushes',
          target: `= ${expected}`,
          met: pushes === expected,
        },
        { name: 'push throughput', value: round(pushes / Math.max(pushSeconds, 1e-9), 1), unit: 'pushes/s' },
        { name: 'last push after the last send', value: round(drainMs, 1), unit: 'ms' },
      ],
      notes: [
        'Push is decided and sent by the in-process queue after the request answered; the figures with push include the CPU it takes meanwhile (an ECDH and AES-GCM per push; the VAPID signature is reused per push service) on the same cores.',
      ],
    };
  } finally {
    await server.close();
    await pushService.close();
  }
}
