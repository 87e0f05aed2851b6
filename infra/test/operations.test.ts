import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cdkJsonFeatureFlags, resourcesOf, synthesizeApp } from './support/synth';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);

/** Flags deliberately set against the recommendation, and why. */
const deliberate: Record<string, string> = {
  '@aws-cdk/core:defaultCrossStackReferences':
    'strong: the stacks reference each other through exports, so CloudFormation refuses to delete a value in use',
};

describe('cdk.json feature flags', () => {
  it('sets every flag aws-cdk-lib recommends, to the recommended value, before the first deploy', () => {
    const recommended = require('aws-cdk-lib/recommended-feature-flags.json') as Record<string, unknown>;
    const flags = cdkJsonFeatureFlags();
    const missing = Object.keys(recommended).filter((flag) => !(flag in flags));
    expect(missing).toEqual([]);
    for (const [flag, value] of Object.entries(recommended)) {
      if (!(flag in deliberate)) expect(flags[flag], flag).toEqual(value);
    }
  });
});

describe('cdk-nag', () => {
  it('is pinned to an exact version (nag.ts imports its internals)', () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'infra', 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(manifest.dependencies['cdk-nag']).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('operations on AWS (synthesized templates)', () => {
  const test = synthesizeApp();
  const prod = synthesizeApp({ context: { stage: 'prod' } });
  const stacksOf = (app: typeof test) =>
    Object.values(app.stacks).filter((stack): stack is NonNullable<typeof stack> => stack !== undefined);

  it('writes JSON access logs on both APIs: route key, status, integration error, latency', () => {
    const template = test.template(test.stacks.api).toJSON() as {
      Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
    };
    const stages = Object.values(template.Resources).filter((r) => r.Type === 'AWS::ApiGatewayV2::Stage');
    expect(stages).toHaveLength(2);
    for (const stage of stages) {
      const settings = stage.Properties.AccessLogSettings as { Format: string; DestinationArn: unknown };
      const format = JSON.parse(settings.Format) as Record<string, string>;
      expect(format).toMatchObject({
        routeKey: '$context.routeKey',
        status: '$context.status',
        integrationError: '$context.integrationErrorMessage',
      });
      expect(format.latencyMs).toMatch(/^\$context\.(responseLatency|integrationLatency)$/);
    }
  });

  it('keeps every log group for the stage retention (14 days in test stages, 90 in prod)', () => {
    for (const [app, days] of [
      [test, 14],
      [prod, 90],
    ] as const) {
      for (const stack of stacksOf(app)) {
        for (const [id, group] of resourcesOf(app.template(stack), 'AWS::Logs::LogGroup')) {
          expect(group.RetentionInDays, `${stack.stackName} ${id}`).toBe(days);
        }
      }
    }
  });

  it('traces every function of the app with X-Ray', () => {
    let functions = 0;
    for (const stack of stacksOf(test)) {
      for (const [id, fn] of resourcesOf(test.template(stack), 'AWS::Lambda::Function')) {
        // CDK's own deploy-time handlers (BucketDeployment, auto-delete) are not the app's.
        if (!id.startsWith('Fn')) continue;
        functions += 1;
        expect(fn.TracingConfig, `${stack.stackName} ${id}`).toEqual({ Mode: 'Active' });
      }
    }
    expect(functions).toBeGreaterThanOrEqual(5);
  });

  it('alarms on p99 latency, the 4xx and 429 rates and the 5xx ratio (metric math), besides the photo dead letters', () => {
    const alarms = resourcesOf(test.template(test.stacks.monitoring), 'AWS::CloudWatch::Alarm');
    const byName = new Map(alarms.map(([, alarm]) => [String(alarm.AlarmName), alarm]));
    const latency = byName.get('dating-test-ApiLatencyP99');
    expect(latency?.ExtendedStatistic).toBe('p99');
    expect(latency?.MetricName).toBe('Latency');
    for (const [name, expression] of [
      ['dating-test-Api4xxRate', 'errors / requests'],
      ['dating-test-Api5xxRatio', 'errors / requests'],
      ['dating-test-Api429Rate', 'limited / requests'],
    ] as const) {
      const metrics = byName.get(name)?.Metrics as {
        Expression?: string;
        MetricStat?: { Metric: { MetricName: string } };
      }[];
      expect(metrics?.find((metric) => metric.Expression)?.Expression, name).toContain(expression);
    }
    const ratio = byName.get('dating-test-Api5xxRatio')?.Metrics as {
      MetricStat?: { Metric: { MetricName: string } };
    }[];
    expect(
      ratio
        .map((metric) => metric.MetricStat?.Metric.MetricName)
        .filter(Boolean)
        .sort(),
    ).toEqual(['5xx', 'Count']);
    const limited = byName.get('dating-test-Api429Rate')?.Metrics as {
      MetricStat?: { Metric: { MetricName: string } };
    }[];
    expect(limited.map((metric) => metric.MetricStat?.Metric.MetricName)).toContain('Http429');
    const filters = resourcesOf(test.template(test.stacks.api), 'AWS::Logs::MetricFilter');
    expect(filters.map(([, filter]) => filter.FilterPattern)).toContain('{ $.status = "429" }');
    expect([...byName.keys()].some((name) => name.includes('PhotoEvents-DeadLetters'))).toBe(true);
  });

  it('alarms on the CloudFront 5xx rate in us-east-1, where CloudFront publishes its metrics', () => {
    const edge = test.stacks.edgeAlarms;
    expect(edge.region).toBe('us-east-1');
    const alarms = resourcesOf(test.template(edge), 'AWS::CloudWatch::Alarm');
    expect(alarms).toHaveLength(1);
    const [, alarm] = alarms[0] ?? ['', {}];
    expect(alarm).toMatchObject({
      Namespace: 'AWS/CloudFront',
      MetricName: '5xxErrorRate',
      Statistic: 'Average',
      Threshold: 5,
    });
    const dimensions = alarm.Dimensions as { Name: string; Value: unknown }[];
    expect(dimensions.find((dimension) => dimension.Name === 'Region')?.Value).toBe('Global');
    expect(
      JSON.stringify(dimensions.find((dimension) => dimension.Name === 'DistributionId')?.Value),
    ).toMatch(/Distribution/);
    expect(resourcesOf(test.template(edge), 'AWS::SNS::Topic')).toHaveLength(1);
  });

  it('deploys index.html only after the hashed assets, and never prunes old assets', () => {
    const template = test.template(test.stacks.web).toJSON() as {
      Resources: Record<string, { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] }>;
    };
    const deployments = Object.entries(template.Resources).filter(
      ([, resource]) => resource.Type === 'Custom::CDKBucketDeployment',
    );
    const assets = deployments.find(([id]) => id.startsWith('DeployAssets'));
    const index = deployments.find(([id]) => id.startsWith('DeployIndex'));
    expect(assets?.[1].Properties.Prune).toBe(false);
    expect(index?.[1].Properties.Prune).toBe(false);
    expect(index?.[1].DependsOn).toContain(assets?.[0]);
  });

  it('empties the site bucket on destroy outside production only', () => {
    const autoDelete = (app: typeof test) =>
      Object.values(
        (app.template(app.stacks.web).toJSON() as { Resources: Record<string, { Type: string }> }).Resources,
      ).filter((resource) => resource.Type === 'Custom::S3AutoDeleteObjects');
    expect(autoDelete(test)).toHaveLength(1);
    expect(autoDelete(prod)).toHaveLength(0);
  });

  it("pins the site bucket's CloudFront access (OAC) to the distribution's ARN", () => {
    const policies = resourcesOf(test.template(test.stacks.web), 'AWS::S3::BucketPolicy');
    const statements = policies.flatMap(
      ([, policy]) => (policy.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement,
    );
    const cloudfront = statements.filter(
      (statement) =>
        (statement.Principal as { Service?: string } | undefined)?.Service === 'cloudfront.amazonaws.com',
    );
    expect(cloudfront.length).toBeGreaterThan(0);
    for (const statement of cloudfront) {
      const condition = statement.Condition as { StringEquals: Record<string, unknown> };
      expect(JSON.stringify(condition.StringEquals['AWS:SourceArn'])).toContain('distribution/');
      expect(JSON.stringify(condition.StringEquals['AWS:SourceArn'])).toContain('Distribution');
    }
  });
});
