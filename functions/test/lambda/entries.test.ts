import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type HttpRoute, routeKey } from '../../src/handlers/http/http-route';
import { httpRoutes, wsRoutes } from '../../src/routes';
import { loadAwsConfig } from '../../src/runtime/aws/config';
import {
  httpEntryFile,
  httpFunctionGroups,
  PHOTO_EVENTS_ENTRY,
  REALTIME_ENTRY,
  routesOfGroup,
} from '../../src/runtime/aws/function-groups';
import { groupNeeds } from '../../src/runtime/aws/group-needs';

const keys = (routes: readonly Pick<HttpRoute, 'method' | 'path'>[]) => routes.map(routeKey).sort();

async function entryOf(file: string): Promise<{ handler: unknown; routes: readonly HttpRoute[] }> {
  const module = (await import(file)) as { handler?: { routes?: readonly HttpRoute[] } };
  return { handler: module.handler, routes: module.handler?.routes ?? [] };
}

describe('Lambda entries (one per function group of the route table)', () => {
  it.each(httpFunctionGroups())(
    'group "%s" has an entry serving exactly its routes of the table',
    async (group) => {
      const file = httpEntryFile(group);
      expect(existsSync(file), `missing ${file}: add an entry for the new group`).toBe(true);
      const entry = await entryOf(file);
      expect(typeof entry.handler).toBe('function');
      expect(keys(entry.routes)).toEqual(keys(routesOfGroup(group)));
    },
  );

  it('covers every route of the table exactly once', () => {
    const grouped = httpFunctionGroups().flatMap((group) => keys(routesOfGroup(group)));
    expect(grouped.sort()).toEqual(keys(httpRoutes));
    expect(new Set(grouped).size).toBe(grouped.length);
  });

  it('lists the optional adapters of every group (and of no unknown group)', () => {
    expect(Object.keys(groupNeeds).sort()).toEqual(expect.arrayContaining(httpFunctionGroups().sort()));
  });

  it('has a WebSocket entry serving every WebSocket route of the table', async () => {
    const module = (await import(REALTIME_ENTRY)) as {
      handler?: { routes?: readonly { routeKey: string }[] };
    };
    expect(typeof module.handler).toBe('function');
    expect((module.handler?.routes ?? []).map((route) => route.routeKey).sort()).toEqual(
      wsRoutes.map((route) => route.routeKey).sort(),
    );
  });

  it('has the photo-processing entry the S3 notification invokes', async () => {
    const module = (await import(PHOTO_EVENTS_ENTRY)) as { handler?: unknown };
    expect(typeof module.handler).toBe('function');
  });
});

describe('AWS runtime configuration', () => {
  const base = {
    TABLE_NAME: 'dating-test',
    JWT_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:jwt',
  };

  it('reads what the CDK stack sets and defaults the rest', () => {
    const config = loadAwsConfig({
      ...base,
      PHOTOS_BUCKET: 'dating-dev-photos-1-eu-west-1',
      AWS_REGION: 'eu-west-1',
    });
    expect(config).toMatchObject({
      tableName: 'dating-test',
      jwtSecretArn: base.JWT_SECRET_ARN,
      passwordHashCost: 17,
      region: 'eu-west-1',
      photosBucket: 'dating-dev-photos-1-eu-west-1',
      logLevel: 'info',
    });
  });

  it('refuses a missing table, a missing key and bad values, naming each variable but not its value', () => {
    expect(() => loadAwsConfig({})).toThrow(/TABLE_NAME/);
    // Links in mail: PUBLIC_ORIGIN validated; verification required unless the stack says off.
    expect(loadAwsConfig(base)).toMatchObject({ emailVerification: 'required' });
    expect(loadAwsConfig(base).publicOrigin).toBeUndefined();
    expect(
      loadAwsConfig({ ...base, PUBLIC_ORIGIN: 'https://love.example.org', EMAIL_VERIFICATION: 'off' }),
    ).toMatchObject({ publicOrigin: 'https://love.example.org', emailVerification: 'off' });
    expect(() => loadAwsConfig({ ...base, PUBLIC_ORIGIN: 'https://love.example.org/app' })).toThrow(
      /PUBLIC_ORIGIN/,
    );
    expect(() => loadAwsConfig({ ...base, EMAIL_VERIFICATION: 'maybe' })).toThrow(/EMAIL_VERIFICATION/);
    expect(() => loadAwsConfig({ TABLE_NAME: 'dating-test' })).toThrow(/JWT_SECRET_ARN is required/);
    expect(() => loadAwsConfig({ ...base, JWT_SECRET: 'short-secret-value' })).toThrow(/JWT_SECRET/);
    expect(() => loadAwsConfig({ ...base, PASSWORD_HASH_COST: '99' })).toThrow(/PASSWORD_HASH_COST/);
    expect(() => loadAwsConfig({ ...base, JWT_SECRET: 'short-secret-value' })).not.toThrow(
      /short-secret-value/,
    );
  });
});
