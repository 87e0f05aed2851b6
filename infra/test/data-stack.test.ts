import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { TTL_ATTRIBUTE, tableDefinition } from '../../functions/src/adapters/dynamodb/table';
import { resourcesOf, synthesizeApp } from './support/synth';

describe('data stack', () => {
  const dev = synthesizeApp();
  const data = dev.template(dev.stacks.data);

  it('builds the table from the adapter’s definition: PK/SK, GSI1/GSI2, on demand', () => {
    const [[, table] = ['', {}]] = resourcesOf(data, 'AWS::DynamoDB::GlobalTable');
    expect(table.KeySchema).toEqual(tableDefinition.KeySchema);
    expect(new Set(table.AttributeDefinitions as unknown[])).toEqual(
      new Set(tableDefinition.AttributeDefinitions),
    );
    const indexes = (
      table.GlobalSecondaryIndexes as { IndexName: string; KeySchema: unknown; Projection: unknown }[]
    ).map(({ IndexName, KeySchema, Projection }) => ({ IndexName, KeySchema, Projection }));
    expect(indexes).toEqual(tableDefinition.GlobalSecondaryIndexes);
    expect(table.BillingMode).toBe('PAY_PER_REQUEST');
  });

  it('expires items by the TTL attribute and keeps point-in-time recovery on', () => {
    data.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
      Replicas: [
        Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }),
      ],
    });
  });

  it('protects and retains the table only in production', () => {
    data.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Delete' });
    const prod = synthesizeApp({ context: { stage: 'prod' } });
    const prodData = prod.template(prod.stacks.data);
    prodData.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        Replicas: [Match.objectLike({ DeletionProtectionEnabled: true })],
      }),
    });
    prodData.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ BucketName: Match.anyValue() }),
    });
    prodData.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Retain' });
  });

  it('keeps the photos bucket private, encrypted, SSL-only, with CORS for the POST and stale uploads expiring', () => {
    data.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'dating-test-photos-123456789012-eu-west-1',
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      CorsConfiguration: {
        CorsRules: [
          Match.objectLike({ AllowedMethods: ['POST'], AllowedOrigins: ['https://*.cloudfront.net'] }),
        ],
      },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ Prefix: 'uploads/', ExpirationInDays: 1, Status: 'Enabled' }),
          Match.objectLike({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }),
        ]),
      },
    });
    data.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('lets CloudFront (OAC) read renditions under media/ and nothing else of the bucket', () => {
    const [[, policy] = ['', {}]] = resourcesOf(data, 'AWS::S3::BucketPolicy');
    const statements = (policy.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement;
    const cloudFront = statements.filter((statement) =>
      JSON.stringify(statement.Principal ?? '').includes('cloudfront.amazonaws.com'),
    );
    expect(cloudFront).toHaveLength(1);
    expect(cloudFront[0]).toMatchObject({ Effect: 'Allow', Action: 's3:GetObject' });
    expect(JSON.stringify(cloudFront[0]?.Resource)).toMatch(/\/media\/\*"/);
    expect(JSON.stringify(cloudFront[0]?.Condition)).toContain('distribution/*');
  });

  it('generates the JWT secret in Secrets Manager', () => {
    data.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ PasswordLength: 64, ExcludePunctuation: true }),
    });
  });
});
