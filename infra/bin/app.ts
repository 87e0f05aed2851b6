import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { readStageConfig } from '../lib/config';
import { createDatingApp, readAppVersion } from '../lib/dating-app';

/**
 * `npx cdk synth|deploy --all [-c stage=prod] [-c key=value ...]`: tunables in infra/lib/config.ts and
 * infra/README.md. Works offline with no AWS credentials (no lookups). cdk-nag's AwsSolutions and Serverless
 * packs run on every synth; an unacknowledged finding fails it.
 */
const app = new App();
if (app.node.tryGetContext('appVersion') === undefined) app.node.setContext('appVersion', readAppVersion());
const config = readStageConfig(app.node);
const stubCode = ['true', '1'].includes(String(app.node.tryGetContext('stubLambdas') ?? ''));
createDatingApp(app, config, { stubCode });
Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
