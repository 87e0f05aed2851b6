import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Duration, RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  bundleDefines,
  ESM_REQUIRE_BANNER,
  LAMBDA_MAIN_FIELDS,
  LAMBDA_MODULE_ALIASES,
  LAMBDA_NODE_TARGET,
} from '../../functions/scripts/lambda-bundling';
import { acknowledge } from './nag';

/** The repository root: the bundling project root, where the lock file and `node_modules` are. */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface BundledFunctionProps {
  /** TypeScript entry exporting `handler`. */
  entry: string;
  description: string;
  memoryMb: number;
  timeout: Duration;
  logRetention: RetentionDays;
  environment?: Record<string, string>;
  /** Reserved concurrency: at most this many instances, and that many kept from the account's pool. */
  reservedConcurrency?: number;
  /**
   * Replace the bundle by an inline stub (tests that assert on the template only, not on the code).
   * Everything else (role, log group, runtime, environment) stays as deployed.
   */
  stubCode?: boolean;
  /** Extra esbuild/bundling settings, e.g. native modules of the photo function. */
  bundling?: Pick<
    BundlingOptions,
    'externalModules' | 'commandHooks' | 'nodeModules' | 'environment' | 'metafile'
  >;
}

/**
 * One Lambda function as every function of this app is built: Node.js 22 on arm64 (Graviton: ~20% cheaper
 * per GB-second), an ESM bundle made by the local esbuild (no Docker), minified, with an external source map
 * (`--enable-source-maps` maps stack traces in the logs); the AWS SDK is bundled (pinned by our lock file,
 * not whatever the runtime ships). Its own role with no managed policy (it may write only its own log group)
 * and its own log group with a retention, so nothing is kept forever and nothing needs a custom resource.
 */
export class BundledFunction extends Construct {
  readonly function: LambdaFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: BundledFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.description} (Lambda execution role)`,
    });
    this.role.addToPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    const common = {
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memoryMb,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      description: props.description,
      ...(props.reservedConcurrency === undefined
        ? {}
        : { reservedConcurrentExecutions: props.reservedConcurrency }),
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
    };
    this.function = props.stubCode
      ? new LambdaFunction(this, 'Function', {
          ...common,
          handler: 'index.handler',
          code: Code.fromInline('exports.handler = async () => ({ statusCode: 503 });'),
        })
      : new NodejsFunction(this, 'Function', {
          ...common,
          entry: props.entry,
          handler: 'handler',
          projectRoot: REPO_ROOT,
          depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
          bundling: {
            format: OutputFormat.ESM,
            target: LAMBDA_NODE_TARGET,
            mainFields: LAMBDA_MAIN_FIELDS,
            banner: ESM_REQUIRE_BANNER,
            minify: true,
            sourceMap: true,
            sourcesContent: false,
            externalModules: [],
            define: bundleDefines(props.entry),
            // Modules replaced by leaner ones of the repository (lambda-bundling.ts says which and why).
            esbuildArgs: {
              '--alias': Object.entries(LAMBDA_MODULE_ALIASES).map(([module, file]) => `${module}=${file}`),
            },
            forceDockerBundling: false,
            ...props.bundling,
          },
        });
    acknowledge(
      this.function,
      'AwsSolutions-L1',
      'Node.js 22 is the runtime the design targets and the code is tested on (docs/decisions); ' +
        'moving to a newer runtime is a deliberate upgrade with its own test run, not a drift.',
    );
  }
}
