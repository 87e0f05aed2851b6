import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { defineRoute, json, routeKey } from '../../functions/src/handlers/http/http-route';
import { httpRoutes, wsRoutes } from '../../functions/src/routes';
import { httpFunctionGroups } from '../../functions/src/runtime/aws/function-groups';
import { groupNeeds } from '../../functions/src/runtime/aws/group-needs';
import { TABLE_DATA_ACTIONS } from '../lib/grants';
import { resourcesOf, synthesizeApp } from './support/synth';

type Statement = { Effect: string; Action: string | string[]; Resource: unknown };
const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

describe('API stack', () => {
  const synthesized = synthesizeApp();
  const api = synthesized.template(synthesized.stacks.api);
  const policies = resourcesOf(api, 'AWS::IAM::Policy').map(([id, properties]) => ({
    id,
    statements: (properties.PolicyDocument as { Statement: Statement[] }).Statement,
  }));

  it('creates exactly the routes of the route table, plus $default', () => {
    const created = resourcesOf(api, 'AWS::ApiGatewayV2::Route')
      .filter(([, route]) => JSON.stringify(route.ApiId).includes('HttpApi'))
      .map(([, route]) => route.RouteKey as string)
      .sort();
    expect(created).toEqual([...httpRoutes.map(routeKey), '$default'].sort());
  });

  it('creates exactly the WebSocket routes of the route table', () => {
    const created = resourcesOf(api, 'AWS::ApiGatewayV2::Route')
      .filter(([, route]) => JSON.stringify(route.ApiId).includes('WebSocketApi'))
      .map(([, route]) => route.RouteKey as string)
      .sort();
    expect(created).toEqual(wsRoutes.map((route) => route.routeKey).sort());
    api.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'WEBSOCKET',
      RouteSelectionExpression: '$request.body.action',
    });
  });

  it('runs one function per route group, plus the WebSocket function: Node.js 22 on arm64', () => {
    const functions = resourcesOf(api, 'AWS::Lambda::Function');
    expect(functions).toHaveLength(httpFunctionGroups().length + 1);
    for (const [, fn] of functions) {
      expect(fn).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'] });
      expect(fn.LoggingConfig).toMatchObject({ LogGroup: expect.anything() });
      const variables = (fn.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(Object.keys(variables)).toEqual(
        expect.arrayContaining(['TABLE_NAME', 'JWT_SECRET_ARN', 'WEBSOCKET_CALLBACK_URL', 'NODE_OPTIONS']),
      );
      // The key set (current and previous key) comes from the secret only, never as literal variables.
      expect(variables).not.toHaveProperty('JWT_SECRET');
      expect(variables).not.toHaveProperty('JWT_PREVIOUS_SECRET');
    }
    api.resourceCountIs('AWS::Logs::LogGroup', functions.length + 2);
    api.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: Match.anyValue() });
  });

  it('fails the synth when a group of the route table has no entry file', () => {
    const stray = defineRoute({
      method: 'GET',
      path: '/api/stray',
      group: 'system',
      summary: 'test',
      tags: [],
      auth: false,
      responses: {},
      handle: async () => json(200, {}),
    });
    // A group without an entry file, as when someone adds a group to the table and forgets the entry.
    const strayGroup = { ...stray, group: 'stray' } as unknown as typeof stray;
    expect(() => synthesizeApp({ routes: [...httpRoutes, strayGroup] })).toThrow(
      /entries\/stray\.ts is missing/,
    );
  });

  it('throttles both stages', () => {
    api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
    api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: 'ws',
      DefaultRouteSettings: Match.objectLike({ ThrottlingRateLimit: 100 }),
    });
  });

  it('grants table data operations only, on the table and its two indexes by name', () => {
    const tableStatements = policies.flatMap(({ statements }) =>
      statements.filter((statement) =>
        list(statement.Action).some((action) => action.startsWith('dynamodb:')),
      ),
    );
    expect(tableStatements.length).toBe(httpFunctionGroups().length + 1);
    for (const statement of tableStatements) {
      expect(list(statement.Action).sort()).toEqual([...TABLE_DATA_ACTIONS].sort());
      const resources = JSON.stringify(statement.Resource);
      expect(resources).not.toMatch(/index\/\*/);
      expect(resources).toMatch(/index\/GSI1/);
      expect(resources).toMatch(/index\/GSI2/);
    }
  });

  it('has no wildcard action and no Scan anywhere', () => {
    for (const { statements } of policies) {
      for (const statement of statements) {
        for (const action of list(statement.Action)) {
          expect(action).not.toContain('*');
          expect(action).not.toBe('dynamodb:Scan');
        }
      }
    }
  });

  it('reads the JWT secret and nothing else of Secrets Manager', () => {
    const secretActions = policies.flatMap(({ statements }) =>
      statements.flatMap((statement) =>
        list(statement.Action).filter((action) => action.startsWith('secretsmanager:')),
      ),
    );
    expect(new Set(secretActions)).toEqual(new Set(['secretsmanager:GetSecretValue']));
  });

  it('gives the photos bucket only to the groups whose routes use it, by prefix', () => {
    const withBucket = policies
      .filter(({ statements }) =>
        statements.some((statement) => list(statement.Action).some((a) => a.startsWith('s3:'))),
      )
      .map(({ id }) => id);
    const expected = Object.entries(groupNeeds)
      .filter(([, needs]) => needs.blobs)
      .map(([group]) => group);
    expect(withBucket).toHaveLength(expected.length);
    for (const group of expected) expect(withBucket.some((id) => id.includes(`Fn${group}`))).toBe(true);
    for (const { statements } of policies) {
      for (const statement of statements.filter((s) => list(s.Action).some((a) => a.startsWith('s3:')))) {
        expect(JSON.stringify(statement.Resource)).toMatch(/\/(uploads|media|moderation)\/\*"/);
      }
    }
  });

  it('may post to this WebSocket stage’s connections only', () => {
    const statements = policies.flatMap(({ statements }) =>
      statements.filter((statement) => list(statement.Action).includes('execute-api:ManageConnections')),
    );
    expect(statements.length).toBe(httpFunctionGroups().length + 1);
    for (const statement of statements)
      expect(JSON.stringify(statement.Resource)).toMatch(/\/ws\/POST\/@connections\/\*/);
    // Only the functions that end sessions may close connections (DeleteConnection): profile (the sessions
    // list), auth (a password reset ends every session) and safety (suspensions and bans).
    const closing = statements.filter((statement) =>
      /\/DELETE\/@connections/.test(JSON.stringify(statement.Resource)),
    );
    const closers = Object.entries(groupNeeds).filter(([, needs]) => needs.closeConnections);
    expect(closers.map(([group]) => group).sort()).toEqual(['auth', 'profile', 'safety']);
    expect(closing).toHaveLength(closers.length);
  });
});
