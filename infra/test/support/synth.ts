import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, type Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { readStageConfig } from '../../lib/config';
import { createDatingApp, type DatingAppOptions, type DatingAppStacks } from '../../lib/dating-app';

export const TEST_ACCOUNT = '123456789012';

/** The feature flags cdk.json sets (every context key that starts with `@aws-cdk`). */
export function cdkJsonFeatureFlags(): Record<string, unknown> {
  const file = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'cdk.json');
  const { context } = JSON.parse(readFileSync(file, 'utf8')) as { context: Record<string, unknown> };
  return Object.fromEntries(Object.entries(context).filter(([key]) => key.startsWith('@aws-cdk')));
}
export const TEST_REGION = 'eu-west-1';

export interface SynthOptions extends DatingAppOptions {
  context?: Record<string, string>;
  /** Add cdk-nag's AwsSolutions and Serverless packs, as bin/app.ts does. */
  nag?: boolean;
  /** CDK's built-in CloudFormation validation (slow: a WASM engine); `cdk synth` runs it. */
  cloudFormationValidation?: boolean;
}

export interface SynthesizedApp {
  app: App;
  stacks: DatingAppStacks;
  template(stack: Stack): Template;
}

/**
 * The app as bin/app.ts builds it, for a fixed account and region, with stub Lambda code unless asked
 * otherwise (the templates are the same; bundling is tested on its own).
 */
export function synthesizeApp(options: SynthOptions = {}): SynthesizedApp {
  const app = new App({
    builtinCloudFormationValidation: options.cloudFormationValidation ?? false,
    context: {
      // cdk.json's feature flags, as `cdk synth` applies them.
      ...cdkJsonFeatureFlags(),
      '@aws-cdk/core:defaultCrossStackReferences': 'strong',
      stage: 'test',
      account: TEST_ACCOUNT,
      region: TEST_REGION,
      appVersion: '0.0.0-test',
      ...options.context,
    },
  });
  const config = readStageConfig(app.node, {});
  const stacks = createDatingApp(app, config, { stubCode: options.stubCode ?? true, ...options });
  if (options.nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  const templates = new Map<Stack, Template>();
  return {
    app,
    stacks,
    template(stack) {
      let template = templates.get(stack);
      if (!template) {
        template = Template.fromStack(stack);
        templates.set(stack, template);
      }
      return template;
    },
  };
}

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

/** Resources of one type, by logical id. */
export function resourcesOf(template: Template, type: string): [string, Record<string, unknown>][] {
  const resources = template.toJSON().Resources as Resources;
  return Object.entries(resources)
    .filter(([, resource]) => resource.Type === type)
    .map(([id, resource]) => [id, resource.Properties ?? {}]);
}
