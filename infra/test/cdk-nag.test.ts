import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { synthesizeApp } from './support/synth';

interface ValidationReport {
  pluginReports: {
    pluginName: string;
    violations?: {
      ruleName: string;
      violatingResources?: { constructPath: string }[];
      violatingConstructs?: { constructPath: string }[];
    }[];
  }[];
}

function findings(context: Record<string, string> = {}, addTrouble = false) {
  const { app, stacks } = synthesizeApp({ nag: true, context });
  if (addTrouble) new Bucket(stacks.data, 'Unreviewed');
  let report: ValidationReport;
  try {
    const assembly = app.synth();
    report = JSON.parse(
      readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'),
    ) as ValidationReport;
  } catch (error) {
    // A failing validation stops the synth; its message lists the findings.
    return [String(error instanceof Error ? error.message : error)];
  }
  return report.pluginReports.flatMap((plugin) =>
    (plugin.violations ?? []).flatMap((violation) =>
      [...(violation.violatingResources ?? []), ...(violation.violatingConstructs ?? [])].map(
        (resource) => `${violation.ruleName} at ${resource.constructPath}`,
      ),
    ),
  );
}

describe('cdk-nag AwsSolutions and Serverless', () => {
  it('reports an unreviewed resource (the check is live)', () => {
    expect(findings({}, true).join('\n')).toMatch(/AwsSolutions-S(1|10)/);
  });

  it('runs the Serverless pack alongside AwsSolutions (an unreviewed function is reported)', () => {
    const { app, stacks } = synthesizeApp({ nag: true });
    new LambdaFunction(stacks.data, 'Unreviewed', {
      runtime: Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: Code.fromInline('exports.handler = async () => ({})'),
    });
    expect(() => app.synth()).toThrow(/Serverless-LambdaDLQ/);
  });

  // A stage as an operator configures it: with mail (the mail stack is checked too) and a public origin for links.
  const configured = { mailDomain: 'mail.dating.example', publicOrigin: 'https://dating.example' };

  it('has nothing unacknowledged in a dev stage', () => {
    expect(findings(configured)).toEqual([]);
  });

  it('has nothing unacknowledged in production (access logs on)', () => {
    expect(findings({ ...configured, stage: 'prod' })).toEqual([]);
  });

  it('warns, by name, about a stage whose account mail cannot reach anyone', () => {
    expect(findings()).toEqual([
      'Annotation::dating:publicOrigin at Dating-test-Api',
      'Annotation::dating:emailVerification at Dating-test-Api',
    ]);
  });

  it('gives a written reason for every acknowledgement', () => {
    const { app } = synthesizeApp({ nag: true });
    const reasons: [string, string][] = [];
    for (const node of app.node.findAll()) {
      for (const entry of node.node.metadata) {
        if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
        for (const [rule, value] of Object.entries(entry.data as Record<string, unknown>)) {
          const reason = typeof value === 'string' ? value : JSON.stringify(value);
          reasons.push([rule, reason]);
        }
      }
    }
    expect(reasons.length).toBeGreaterThan(10);
    for (const [rule, reason] of reasons) expect(reason.length, rule).toBeGreaterThan(40);
  });
});
