import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCloudAssembly } from './cloud-assembly';
import { readDeployment, variablesNotInBundle } from './deployment';

/**
 * The rehearsal's reading of a cloud assembly, on a small hand-written one (two stacks, an export, a function
 * with an asset, an HTTP route): intrinsics resolved to deploy-shaped values, and refusals that name the
 * template element at fault. The real assembly is rehearsed in deployment.rehearsal.ts.
 */
describe('cloud assembly reading (deployment rehearsal)', () => {
  let dir: string;

  const dataTemplate = {
    Resources: {
      Table: {
        Type: 'AWS::DynamoDB::Table',
        Properties: {
          KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }],
          TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        },
      },
      Secret: {
        Type: 'AWS::SecretsManager::Secret',
        Properties: { Name: 'app-secret', GenerateSecretString: { PasswordLength: 40 } },
      },
    },
    Outputs: {
      TableName: { Value: { Ref: 'Table' }, Export: { Name: 'Data:TableName' } },
    },
  };
  const apiTemplate = (target: unknown) => ({
    Resources: {
      Fn: {
        Type: 'AWS::Lambda::Function',
        Properties: {
          Runtime: 'nodejs22.x',
          Handler: 'index.handler',
          Code: { S3Bucket: 'assets', S3Key: 'abc.zip' },
          Environment: {
            Variables: {
              TABLE_NAME: { 'Fn::ImportValue': 'Data:TableName' },
              // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax
              QUEUE_URL: { 'Fn::Sub': 'https://sqs.${AWS::Region}.${AWS::URLSuffix}/${AWS::AccountId}/q' },
              API_URL: {
                'Fn::Join': [
                  '',
                  ['https://', { Ref: 'Api' }, '.execute-api.', { Ref: 'AWS::Region' }, '/ws'],
                ],
              },
              HOST: { 'Fn::Select': [2, { 'Fn::Split': ['/', 'https://example.org/x'] }] },
              SECRET: '{{resolve:secretsmanager:app-secret:SecretString:::}}',
            },
          },
        },
      },
      Api: { Type: 'AWS::ApiGatewayV2::Api', Properties: { ProtocolType: 'HTTP' } },
      Integration: {
        Type: 'AWS::ApiGatewayV2::Integration',
        Properties: {
          ApiId: { Ref: 'Api' },
          IntegrationType: 'AWS_PROXY',
          IntegrationUri: { 'Fn::GetAtt': ['Fn', 'Arn'] },
        },
      },
      Route: {
        Type: 'AWS::ApiGatewayV2::Route',
        Properties: {
          ApiId: { Ref: 'Api' },
          RouteKey: 'GET /api/health',
          ...(target ? { Target: target } : {}),
        },
      },
    },
  });

  const write = (api: unknown) => {
    writeFileSync(join(dir, 'Data.template.json'), JSON.stringify(dataTemplate));
    writeFileSync(join(dir, 'Api.template.json'), JSON.stringify(api));
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rehearsal-assembly-'));
    const stack = (name: string) => ({
      type: 'aws:cloudformation:stack',
      environment: 'aws://111122223333/eu-central-1',
      properties: { templateFile: `${name}.template.json` },
    });
    writeFileSync(
      join(dir, 'manifest.json'),
      JSON.stringify({ artifacts: { Data: stack('Data'), Api: stack('Api') } }),
    );
    writeFileSync(
      join(dir, 'Api.assets.json'),
      JSON.stringify({
        files: {
          abc: {
            source: { path: 'asset.abc', packaging: 'zip' },
            destinations: { d: { objectKey: 'abc.zip' } },
          },
        },
      }),
    );
    mkdirSync(join(dir, 'asset.abc'));
    writeFileSync(
      join(dir, 'asset.abc', 'index.mjs'),
      'export const handler = async () => [process.env.TABLE_NAME, process.env.QUEUE_URL, process.env.API_URL, process.env.HOST, process.env.SECRET];\n',
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('resolves Ref, GetAtt, ImportValue, Join, Sub, Select, Split and secret references to deploy-shaped values', () => {
    write(apiTemplate({ 'Fn::Join': ['', ['integrations/', { Ref: 'Integration' }]] }));
    const deployment = readDeployment(dir);
    const [fn] = deployment.functions;
    expect(fn?.assetDir).toBe(join(dir, 'asset.abc'));
    const table = deployment.tables[0];
    expect(table?.ttlAttribute).toBe('expiresAt');
    const secret = deployment.secrets[0];
    expect(secret?.arn).toMatch(/^arn:aws:secretsmanager:eu-central-1:111122223333:secret:app-secret-\w{6}$/);
    expect(secret?.value).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(fn?.environment).toEqual({
      TABLE_NAME: table?.name,
      QUEUE_URL: 'https://sqs.eu-central-1.amazonaws.com/111122223333/q',
      API_URL: expect.stringMatching(/^https:\/\/[0-9a-f]{10}\.execute-api\.eu-central-1\/ws$/),
      HOST: 'example.org',
      SECRET: secret?.value,
    });
    expect(deployment.routes).toEqual([{ routeKey: 'GET /api/health', api: 'HTTP', functionId: 'Api/Fn' }]);
    expect(fn && variablesNotInBundle(fn)).toEqual([]);
  });

  it('names the route without an integration, and the one whose integration names nothing', () => {
    write(apiTemplate(undefined));
    expect(() => readDeployment(dir)).toThrow(/route "GET \/api\/health" \(Api\/Route\) has no integration/);
    write(apiTemplate('integrations/Nowhere'));
    expect(() => readDeployment(dir)).toThrow(/route "GET \/api\/health" .* names none/);
  });

  it('names the variable whose intrinsic has no local stand-in', () => {
    const api = apiTemplate({ 'Fn::Join': ['', ['integrations/', { Ref: 'Integration' }]] });
    const fn = api.Resources.Fn.Properties.Environment.Variables as Record<string, unknown>;
    fn.ODD = { 'Fn::GetAtt': ['Api', 'Nonsense'] };
    fn.CONDITIONAL = { 'Fn::If': ['IsProd', 'a', 'b'] };
    write(api);
    expect(() => readDeployment(dir)).toThrow(/Api\/Fn Environment ODD: Fn::GetAtt Api\.Nonsense/);
    delete fn.ODD;
    write(api);
    expect(() => readDeployment(dir)).toThrow(
      /Api\/Fn Environment CONDITIONAL: Fn::If has no local stand-in/,
    );
    expect(readCloudAssembly(dir).map((stack) => stack.region)).toEqual(['eu-central-1', 'eu-central-1']);
  });
});
