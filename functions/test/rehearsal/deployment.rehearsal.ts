import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { afterAll, describe, expect, it } from 'vitest';
import { routeKey } from '../../src/handlers/http/http-route';
import { type MailMessage, queuedMailBody } from '../../src/ports/mailer';
import { httpRoutes, wsRoutes } from '../../src/routes';
import { ApiSession, uniqueEmail } from '../support/api-session';
import { cmid, matchedPairOverApi, personOverApi } from '../support/chat-fixtures';
import { dynamoDbLocalSkipReason } from '../support/dynamodb-local';
import { cameraJpeg } from '../support/images';
import { completeUpload, postUploadForm, startUpload, waitForProcessed } from '../support/photo-upload';
import { connectRealtime, TestSocket, UpgradeRefused, wsUrl } from '../support/ws-client';
import { readDeployment, variablesNotInBundle } from './deployment';
import { FunctionInstances } from './function-instances';
import { closeSharedRehearsal, sharedRehearsal } from './rehearsal-target';
import { fetchThrough } from './rehearsal-world';

/**
 * The deployment rehearsal: what `cdk synth` produces, run before any deploy. The app is synthesized once
 * (real esbuild bundles), every Lambda function's asset runs in its own Node process with the environment
 * the template gives it (endpoints of local stand-ins aside), and:
 * 1. the API suites run through it (API_TARGETS=rehearsal makes `apiTargets` the rehearsal target);
 * 2. the WebSocket API, the photo pipeline (S3 notification) and the mail queue run through it below;
 * 3. every route of the route table must have been exercised, no function may have failed or logged an
 *    error, and the report lists per function its bundle size, cold load and routes.
 * Without Java (DynamoDB Local) it is skipped with the reason; with REQUIRE_SERVICES=1 it fails instead.
 */
const unavailable = dynamoDbLocalSkipReason();

if (unavailable === null) {
  await import('../api/auth.api.test');
  await import('../api/sessions.api.test');
  await import('../api/profile.api.test');
  await import('../api/privacy.api.test');
  await import('../api/matching.api.test');
  await import('../api/request-bodies.api.test');
  await import('../api/likes.api.test');
  await import('../api/pause.api.test');
  await import('../api/undo.api.test');
  await import('../api/moderation.api.test');
}

afterAll(async () => {
  await closeSharedRehearsal();
}, 60_000);

describe.skipIf(unavailable !== null)(
  `deployment rehearsal${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    it('WebSocket API: $connect with a ticket, every action, events by PostToConnection, $disconnect', async () => {
      const { world } = await sharedRehearsal();
      const pair = await matchedPairOverApi(world.url);
      const a = await connectRealtime(world.url, pair.a);
      const b = await connectRealtime(world.url, pair.b);
      try {
        a.send({ action: 'ping' });
        expect(await a.next('pong')).toEqual({ type: 'pong' });
        a.send('not json'); // $default
        expect((await a.next('error')).code).toBeTruthy();
        const clientMessageId = cmid('rehearsal');
        a.send({ action: 'sendMessage', conversationId: pair.matchId, clientMessageId, text: 'Hi Bo!' });
        const ack = await a.next('messageAck');
        expect(ack.clientMessageId).toBe(clientMessageId);
        expect((await b.next('message')).message.id).toBe(ack.message.id);
        a.send({ action: 'typing', conversationId: pair.matchId });
        expect((await b.next('typing')).conversationId).toBe(pair.matchId);
        b.send({ action: 'markRead', conversationId: pair.matchId, upToMessageId: ack.message.id });
        expect((await a.next('read')).upToMessageId).toBe(ack.message.id);
        const history = await pair.b.call<{ items: { id: string }[] }>(
          'GET',
          `/api/conversations/${pair.matchId}/messages`,
        );
        expect(history.status, history.text).toBe(200);
        expect(history.body.items.map((message) => message.id)).toContain(ack.message.id);
      } finally {
        await a.close();
        await b.close();
      }
      // $disconnect ran: the closed connections are gone, so nothing is posted to them any more.
      await expect
        .poll(() => world.uses.filter((use) => use.routeKey === '$disconnect').length)
        .toBeGreaterThanOrEqual(2);
      const refused = await TestSocket.open(wsUrl(world.url, '/ws?ticket=not-a-ticket')).catch(
        (error) => error,
      );
      expect(refused).toBeInstanceOf(UpgradeRefused);
    });

    it('account email and notification routes answer through their functions', async () => {
      const { world } = await sharedRehearsal();
      const user = await personOverApi(world.url, { displayName: 'Di' });
      const anonymous = new ApiSession(world.url);
      const reset = await anonymous.call('POST', '/api/auth/password-reset', {
        body: { email: uniqueEmail('nobody') },
      });
      expect(reset.status, reset.text).toBe(202);
      const unknownLink = { token: 'A'.repeat(43) };
      const verify = await anonymous.call('POST', '/api/auth/verify-email', { body: unknownLink });
      expect(verify.status, verify.text).toBe(400);
      const confirm = await anonymous.call('POST', '/api/auth/password-reset/confirm', {
        body: { ...unknownLink, newPassword: 'a rather long and unusual passphrase' },
      });
      expect(confirm.status, confirm.text).toBe(400);
      const resend = await user.call('POST', '/api/me/email-verification');
      expect(resend.status, resend.text).toBe(202);
      const change = await user.call('PUT', '/api/me/email', {
        body: { newEmail: uniqueEmail('moved'), password: 'correct horse battery staple' },
      });
      expect(change.status, change.text).toBe(202);

      const settings = await user.call('GET', '/api/me/notifications');
      expect(settings.status, settings.text).toBe(200);
      const preferences = await user.call('PUT', '/api/me/notifications/preferences', {
        body: { matches: true, messages: true, previews: false },
      });
      expect(preferences.status, preferences.text).toBe(200);
      const subscribed = await user.call<{ id: string }>('POST', '/api/me/push-subscriptions', {
        body: {
          endpoint: 'https://push.rehearsal.example/send/abc',
          keys: { p256dh: `B${'A'.repeat(86)}`, auth: 'A'.repeat(22) },
        },
      });
      expect([201, 400], subscribed.text).toContain(subscribed.status);
      const ended = await user.call(
        'DELETE',
        `/api/me/push-subscriptions/${subscribed.status === 201 ? subscribed.body.id : '01HZX3K5B7Q9W2E4R6T8Y0M1AA'}`,
      );
      expect([204, 404], ended.text).toContain(ended.status);
    });

    it('photos: presigned POST to the bucket, the S3 notification runs the photo function, /media serves it', async () => {
      const { world } = await sharedRehearsal();
      const user = await personOverApi(world.url, { displayName: 'Cy' });
      const ids: string[] = [];
      for (const size of [1200, 900]) {
        const image = await cameraJpeg(size, size);
        const started = await startUpload(user, 'image/jpeg', image.length);
        const posted = await postUploadForm(world.url, started.upload, image);
        expect(posted.status, posted.text).toBeLessThan(300);
        await completeUpload(user, started.photo.id);
        const processed = await waitForProcessed(user, started.photo.id, 30_000);
        expect(processed.status, JSON.stringify(processed)).toBe('ready');
        const thumb = await fetch(new URL(processed.urls?.thumb ?? '', world.url));
        expect(thumb.status).toBe(200);
        expect(thumb.headers.get('content-type')).toBe('image/webp');
        ids.push(processed.id);
      }
      const reordered = await user.call<{ items: { id: string }[] }>('PUT', '/api/photos/order', {
        body: { photoIds: [...ids].reverse() },
      });
      expect(reordered.status, reordered.text).toBe(200);
      expect(reordered.body.items.map((photo) => photo.id)).toEqual([...ids].reverse());
      expect((await user.call('DELETE', `/api/photos/${ids[0]}`)).status).toBe(204);
      const left = await user.call<{ items: { id: string }[] }>('GET', '/api/photos');
      expect(left.body.items.map((photo) => photo.id)).toEqual([ids[1]]);
    });

    it('queues: a message on a queue runs the function of its event source mapping (account mail -> SES)', async () => {
      const { world } = await sharedRehearsal();
      const mapping = world.deployment.queueMappings[0];
      if (!mapping) return; // a deployment without queues (no mail domain)
      const queue = world.deployment.queues.find((candidate) => candidate.arn === mapping.queueArn);
      const user = await personOverApi(world.url, { displayName: 'Dee' });
      const message: MailMessage = {
        id: ulid(),
        userId: user.userId ?? '',
        kind: 'rehearsal',
        to: 'dee@example.org',
        subject: 'Rehearsal mail',
        text: 'Sent through the queue, the sender function and SES.',
        html: '<p>Sent through the queue, the sender function and SES.</p>',
      };
      // What an API function's SendMessage carries (adapters/mail/sqs-outbox.ts).
      const sent = await fetch(world.sqsEndpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.SendMessage' },
        body: JSON.stringify({ QueueUrl: queue?.url, MessageBody: queuedMailBody(message) }),
      });
      expect(sent.status, await sent.text()).toBe(200);
      await world.settled();
      const emails = await world.sesEmails();
      expect(emails.map((email) => email.subject)).toContain('Rehearsal mail');
    });

    it('topics: an SES bounce published to the feedback topic runs its subscriber, and the account shows it', async () => {
      const { world } = await sharedRehearsal();
      const subscription = world.deployment.topicSubscriptions[0];
      if (!subscription) return; // a deployment without mail feedback (no mail domain)
      const email = uniqueEmail('bounce');
      const user = new ApiSession(world.url);
      expect((await user.register(email)).status).toBe(201);
      // What SES publishes for a configuration-set event (the event JSON is the SNS message).
      await world.publish(
        subscription.topicArn,
        JSON.stringify({
          eventType: 'Bounce',
          bounce: {
            bounceType: 'Permanent',
            bounceSubType: 'General',
            bouncedRecipients: [{ emailAddress: email, action: 'failed', status: '5.1.1' }],
            timestamp: new Date().toISOString(),
            feedbackId: 'rehearsal-1',
          },
          mail: { messageId: 'rehearsal-ses-1', destination: [email] },
        }),
      );
      const me = await user.call<{ emailDeliverability: string }>('GET', '/api/me');
      expect(me.body.emailDeliverability, me.text).toBe('bounced');
    });

    it('exercised every route of the route table through the function its template integration names', async () => {
      const { world, synthMs } = await sharedRehearsal();
      await world.settled();
      const report = world.report();
      console.info(`${report}\n(synth with bundling: ${(synthMs / 1000).toFixed(1)} s)`);

      const templateKeys = world.deployment.routes.map((route) => `${route.api} ${route.routeKey}`);
      const tableKeys = [
        ...httpRoutes.map((route) => `HTTP ${routeKey(route)}`),
        ...wsRoutes.map((route) => `WEBSOCKET ${route.routeKey}`),
      ];
      // The template has every route of the table (and API Gateway's $default on top).
      expect(tableKeys.filter((key) => !templateKeys.includes(key))).toEqual([]);
      const exercised = new Set(world.uses.map((use) => `${use.api} ${use.routeKey}`));
      const missing = templateKeys.filter((key) => !exercised.has(key));
      expect(missing, `routes never exercised:\n${missing.join('\n')}\n\n${report}`).toEqual([]);
    });

    it('no function failed, logged an error or reached a wrong endpoint', async () => {
      const { world } = await sharedRehearsal();
      await world.settled();
      const errors = [...world.functions.values()].flatMap((fn) =>
        fn.errors.map((line) => `${fn.fn.label}: ${line}`),
      );
      expect([...world.problems, ...errors]).toEqual([]);
    });
  },
);

/**
 * What the rehearsal reports when the assets and the templates do not fit, on the deployment synthesized
 * above, changed the way a mistake would change it.
 */
describe.skipIf(unavailable !== null)('deployment rehearsal: what it refuses', () => {
  it('names the variable the template sets and the bundle never reads', async () => {
    const { world } = await sharedRehearsal();
    for (const fn of world.deployment.functions) expect(variablesNotInBundle(fn), fn.label).toEqual([]);
    const fn = world.deployment.functions.find((candidate) => candidate.environment.TABLE_NAME);
    if (!fn) throw new Error('no function with a table');
    const { TABLE_NAME: table, ...rest } = fn.environment;
    expect(variablesNotInBundle({ ...fn, environment: { ...rest, TABLE: table ?? '' } })).toEqual(['TABLE']);
  });

  it('names the route that has no integration', async () => {
    const { world } = await sharedRehearsal();
    const stacks = structuredClone(world.deployment.stacks);
    const route = stacks
      .flatMap((stack) => Object.values(stack.resources))
      .find(
        (resource) =>
          resource.Type === 'AWS::ApiGatewayV2::Route' && resource.Properties?.RouteKey === 'GET /api/health',
      );
    delete route?.Properties?.Target;
    expect(() => readDeployment(world.deployment.directory, stacks)).toThrow(
      /route "GET \/api\/health" \(.+\) has no integration/,
    );
  });

  it('names the function whose bundle cannot load', async () => {
    const { world } = await sharedRehearsal();
    const fn = world.deployment.functions[0];
    if (!fn) throw new Error('no function');
    const broken = mkdtempSync(join(tmpdir(), 'rehearsal-broken-'));
    try {
      writeFileSync(
        join(broken, 'index.mjs'),
        "import 'a-module-the-bundler-left-out';\nexport const handler = () => 1;\n",
      );
      const instances = new FunctionInstances({ ...fn, assetDir: broken }, {}, { region: 'eu-west-1' });
      await expect(instances.warm()).rejects.toThrow(
        new RegExp(`function ${fn.label} .*bundle cannot load: .*a-module-the-bundler-left-out`),
      );
      await instances.stop();
      expect(() => new FunctionInstances({ ...fn, assetDir: tmpdir() }, {}, { region: 'eu-west-1' })).toThrow(
        /bundle cannot load: no index\.mjs/,
      );
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });

  it('names the variable a handler cannot find', async () => {
    const { world } = await sharedRehearsal();
    const health = world.deployment.routes.find((route) => route.routeKey === 'POST /api/auth/login');
    const running = world.functions.get(health?.functionId ?? '');
    if (!running) throw new Error('no login function');
    // The template without TABLE_NAME, everything else (endpoints included) as in the rehearsal.
    const { TABLE_NAME: _gone, ...environment } = running.environment();
    const instances = new FunctionInstances({ ...running.fn, environment }, {}, { region: 'eu-west-1' });
    try {
      const answer = await fetchThrough(world, instances, 'POST', '/api/auth/login', {
        email: 'nobody@example.org',
        password: 'not the password at all',
      });
      expect(answer.statusCode).toBeGreaterThanOrEqual(500);
      expect(instances.errors.join('\n')).toMatch(/TABLE_NAME/);
    } finally {
      await instances.stop();
    }
  });
});
