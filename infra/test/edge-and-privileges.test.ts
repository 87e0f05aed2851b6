import { Match, type Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { routeKey } from '../../functions/src/handlers/http/http-route';
import { httpRoutes } from '../../functions/src/routes';
import { ORIGIN_VERIFY_HEADER } from '../../functions/src/runtime/aws/origin-verify';
import { isPasswordRoute } from '../lib/api-stack';
import { PHOTO_FUNCTION_LEADING_KEYS, PHOTO_FUNCTION_TABLE_ACTIONS } from '../lib/grants';
import { WAF_RULES } from '../lib/waf-stack';
import { resourcesOf, synthesizeApp } from './support/synth';

type Statement = {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
};
const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

const statementsOf = (template: Template): Statement[] =>
  resourcesOf(template, 'AWS::IAM::Policy').flatMap(
    ([, policy]) => (policy.PolicyDocument as { Statement: Statement[] }).Statement,
  );

const functionsOf = (template: Template) =>
  resourcesOf(template, 'AWS::Lambda::Function').map(([id, fn]) => ({
    id,
    fn,
    variables: (fn.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {},
  }));

const distributionOf = (template: Template) => {
  const [[, distribution] = ['', {}]] = resourcesOf(template, 'AWS::CloudFront::Distribution');
  return distribution.DistributionConfig as {
    WebACLId?: unknown;
    CacheBehaviors: { PathPattern: string; TargetOriginId: string }[];
    Origins: { Id: string; OriginCustomHeaders?: { HeaderName: string; HeaderValue: unknown }[] }[];
  };
};

describe('photo function: least privilege', () => {
  const synthesized = synthesizeApp();
  const photo = synthesized.stacks.photo;
  if (!photo) throw new Error('the photo stack is missing');
  const template = synthesized.template(photo);

  it('has no JWT secret: not in its environment, not in its role', () => {
    const [only] = functionsOf(template).filter(({ id }) => id.includes('Fnphoto'));
    expect(only).toBeDefined();
    expect(Object.keys(only?.variables ?? {})).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/^JWT_/)]),
    );
    const secretStatements = statementsOf(template).filter((statement) =>
      list(statement.Action).some((action) => action.startsWith('secretsmanager:')),
    );
    expect(secretStatements).toEqual([]);
  });

  it('may only read and update photo items and read and drop connections, by partition key', () => {
    const tableStatements = statementsOf(template).filter((statement) =>
      list(statement.Action).some((action) => action.startsWith('dynamodb:')),
    );
    expect(tableStatements).toHaveLength(1);
    const [statement] = tableStatements;
    expect(list(statement?.Action ?? []).sort()).toEqual([...PHOTO_FUNCTION_TABLE_ACTIONS].sort());
    expect(list(statement?.Action ?? [])).not.toEqual(
      expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:BatchWriteItem', 'dynamodb:Scan']),
    );
    // The base table only: no index.
    expect(list(statement?.Resource)).toHaveLength(1);
    expect(JSON.stringify(statement?.Resource)).not.toContain('index');
    expect(statement?.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': PHOTO_FUNCTION_LEADING_KEYS },
    });
    expect(PHOTO_FUNCTION_LEADING_KEYS).toEqual(['USER#*', 'CONN#*']);
  });

  it('has reserved concurrency, per stage', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      MemorySize: 2048,
      ReservedConcurrentExecutions: 5,
    });
  });
});

describe('reserved concurrency and password-route throttles', () => {
  const authFunction = (template: Template) =>
    functionsOf(template).find(({ id }) => id.startsWith('Fnauth'))?.fn;

  it('reserves concurrency for the auth function only, among the API functions', () => {
    const synthesized = synthesizeApp();
    const api = synthesized.template(synthesized.stacks.api);
    expect(authFunction(api)?.ReservedConcurrentExecutions).toBe(10);
    const others = functionsOf(api).filter(({ id }) => !id.startsWith('Fnauth'));
    for (const { fn } of others) expect(fn.ReservedConcurrentExecutions).toBeUndefined();
  });

  it('takes the numbers from the stage: higher in production, configurable, or off', () => {
    const prod = synthesizeApp({ context: { stage: 'prod' } });
    expect(authFunction(prod.template(prod.stacks.api))?.ReservedConcurrentExecutions).toBe(50);
    const tuned = synthesizeApp({
      context: { authReservedConcurrency: '7', photoReservedConcurrency: 'off' },
    });
    expect(authFunction(tuned.template(tuned.stacks.api))?.ReservedConcurrentExecutions).toBe(7);
    const photo = tuned.stacks.photo;
    if (!photo) throw new Error('the photo stack is missing');
    const photoFunctions = functionsOf(tuned.template(photo)).filter(({ id }) => id.includes('Fnphoto'));
    expect(photoFunctions).toHaveLength(1);
    for (const { fn } of photoFunctions) expect(fn.ReservedConcurrentExecutions).toBeUndefined();
  });

  it('throttles login, register and the password routes on their own, below the stage', () => {
    const synthesized = synthesizeApp({
      context: { authRouteThrottleRate: '5', authRouteThrottleBurst: '9' },
    });
    const api = synthesized.template(synthesized.stacks.api);
    const expected = httpRoutes.filter(isPasswordRoute).map(routeKey).sort();
    expect(expected).toEqual(
      expect.arrayContaining(['POST /api/auth/login', 'POST /api/auth/register', 'POST /api/auth/password']),
    );
    expect(expected).not.toContain('POST /api/auth/refresh');
    const [[stageId, stage] = ['', {}]] = resourcesOf(api, 'AWS::ApiGatewayV2::Stage').filter(
      ([, properties]) => properties.StageName === '$default',
    );
    const settings = stage.RouteSettings as Record<string, unknown>;
    expect(Object.keys(settings).sort()).toEqual(expected);
    for (const key of expected)
      expect(settings[key]).toEqual({ ThrottlingRateLimit: 5, ThrottlingBurstLimit: 9 });
    expect(stage.DefaultRouteSettings).toMatchObject({ ThrottlingRateLimit: 100 });

    // CloudFormation refuses route settings for a route key that does not exist yet.
    const resources = api.toJSON().Resources as Record<
      string,
      { Type: string; DependsOn?: string[]; Properties?: { RouteKey?: string } }
    >;
    const routeIds = Object.entries(resources)
      .filter(([, resource]) => expected.includes(resource.Properties?.RouteKey ?? ''))
      .map(([id]) => id);
    expect(routeIds).toHaveLength(expected.length);
    expect(resources[stageId]?.DependsOn).toEqual(expect.arrayContaining(routeIds));
  });
});

describe('origin-verify: the APIs only answer CloudFront', () => {
  const synthesized = synthesizeApp();
  const web = distributionOf(synthesized.template(synthesized.stacks.web));
  const api = synthesized.template(synthesized.stacks.api);

  it('CloudFront sends the secret to the HTTP API and to the WebSocket API', () => {
    for (const pattern of ['/api/*', '/ws']) {
      const behavior = web.CacheBehaviors.find((candidate) => candidate.PathPattern === pattern);
      const origin = web.Origins.find((candidate) => candidate.Id === behavior?.TargetOriginId);
      const header = origin?.OriginCustomHeaders?.find((h) => h.HeaderName === ORIGIN_VERIFY_HEADER);
      expect(header, pattern).toBeDefined();
      // A dynamic reference resolved by CloudFormation at deploy time: the value is never in the template.
      expect(JSON.stringify(header?.HeaderValue)).toMatch(
        /\{\{resolve:secretsmanager:dating-test-origin-verify:SecretString:::\}\}/,
      );
    }
    const media = web.CacheBehaviors.find((candidate) => candidate.PathPattern === '/media/*');
    const mediaOrigin = web.Origins.find((candidate) => candidate.Id === media?.TargetOriginId);
    expect(mediaOrigin?.OriginCustomHeaders).toBeUndefined();
  });

  it('every API function (HTTP and WebSocket) knows where the secret is and may read it', () => {
    const functions = functionsOf(api);
    expect(functions.length).toBeGreaterThan(1);
    for (const { variables } of functions)
      expect(variables.ORIGIN_VERIFY_SECRET_ID).toBe('dating-test-origin-verify');
    const reads = statementsOf(api).filter(
      (statement) =>
        list(statement.Action).includes('secretsmanager:GetSecretValue') &&
        JSON.stringify(statement.Resource).includes(':secret:dating-test-origin-verify-??????'),
    );
    expect(reads).toHaveLength(functions.length);
  });
});

describe('WAF on the distribution', () => {
  it('is on by default in production: a CLOUDFRONT web ACL in us-east-1 with rate and managed rules', () => {
    const synthesized = synthesizeApp({ context: { stage: 'prod' } });
    const { waf } = synthesized.stacks;
    if (!waf) throw new Error('no WAF stack in production');
    expect(waf.region).toBe('us-east-1');
    const template = synthesized.template(waf);
    template.resourceCountIs('AWS::WAFv2::WebACL', 1);
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      DefaultAction: { Allow: {} },
      Rules: Match.arrayWith([
        Match.objectLike({
          Name: WAF_RULES.rateLimitPerIp,
          Action: { Block: {} },
          Statement: { RateBasedStatement: Match.objectLike({ AggregateKeyType: 'IP', Limit: 2000 }) },
        }),
        Match.objectLike({
          Name: WAF_RULES.authRateLimitPerIp,
          Action: { Block: {} },
          Statement: {
            RateBasedStatement: Match.objectLike({
              AggregateKeyType: 'IP',
              Limit: 100,
              ScopeDownStatement: {
                ByteMatchStatement: Match.objectLike({
                  SearchString: '/api/auth/',
                  PositionalConstraint: 'STARTS_WITH',
                }),
              },
            }),
          },
        }),
        Match.objectLike({
          Name: 'AWSManagedRulesKnownBadInputsRuleSet',
          OverrideAction: { None: {} },
          Statement: {
            ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesKnownBadInputsRuleSet' },
          },
        }),
        Match.objectLike({
          Name: 'AWSManagedRulesCommonRuleSet',
          OverrideAction: { None: {} },
          Statement: {
            ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' },
          },
        }),
      ]),
    });
    // The distribution (eu-west-1 here) gets the ACL's ARN through CDK's cross-region reference.
    const webAclId = distributionOf(synthesized.template(synthesized.stacks.web)).WebACLId;
    expect(webAclId).toBeDefined();
    expect(JSON.stringify(webAclId)).toMatch(/ExportsReader/);
  });

  it('is off in other stages unless asked for', () => {
    const dev = synthesizeApp();
    expect(dev.stacks.waf).toBeUndefined();
    expect(distributionOf(dev.template(dev.stacks.web)).WebACLId).toBeUndefined();
    const asked = synthesizeApp({ context: { waf: 'true' } });
    expect(asked.stacks.waf).toBeDefined();
    const notInProd = synthesizeApp({ context: { stage: 'prod', waf: 'false' } });
    expect(notInProd.stacks.waf).toBeUndefined();
  });

  it('attaches an existing web ACL instead when webAclArn names one', () => {
    const arn =
      'arn:aws:wafv2:us-east-1:123456789012:global/webacl/shared/0123abcd-0000-0000-0000-000000000000';
    const synthesized = synthesizeApp({ context: { stage: 'prod', webAclArn: arn } });
    expect(synthesized.stacks.waf).toBeUndefined();
    expect(distributionOf(synthesized.template(synthesized.stacks.web)).WebACLId).toBe(arn);
  });

  it('needs no cross-region machinery when the app itself runs in us-east-1', () => {
    const synthesized = synthesizeApp({ context: { stage: 'prod', region: 'us-east-1' } });
    const webAclId = distributionOf(synthesized.template(synthesized.stacks.web)).WebACLId;
    expect(JSON.stringify(webAclId)).toMatch(/Fn::ImportValue/);
  });
});
