import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { readStageConfig } from '../lib/config';

const configFor = (context: Record<string, string>, env: Record<string, string> = {}) =>
  readStageConfig(new App({ context }).node, env);

describe('stage configuration (CDK context)', () => {
  it('defaults to a dev stage without retention, access logs or a fixed account', () => {
    expect(configFor({})).toMatchObject({
      stage: 'dev',
      production: false,
      accessLogs: false,
      account: undefined,
      region: 'us-east-1',
      logRetentionDays: 14,
      uploadOrigins: ['https://*.cloudfront.net'],
    });
  });

  it('makes stage=prod a production stage with long log retention and access logs', () => {
    expect(configFor({ stage: 'prod' })).toMatchObject({
      production: true,
      accessLogs: true,
      logRetentionDays: 90,
    });
  });

  it('turns the web ACL on in production only, and reserves more concurrency there', () => {
    expect(configFor({})).toMatchObject({
      waf: false,
      authReservedConcurrency: 10,
      photoReservedConcurrency: 5,
    });
    expect(configFor({ stage: 'prod' })).toMatchObject({
      waf: true,
      wafRateLimit: 2000,
      wafAuthRateLimit: 100,
      authReservedConcurrency: 50,
      photoReservedConcurrency: 20,
    });
    expect(configFor({ authReservedConcurrency: 'off' }).authReservedConcurrency).toBeUndefined();
  });

  it('takes account and region from the CLI environment when the context has none', () => {
    expect(
      configFor({}, { CDK_DEFAULT_ACCOUNT: '111122223333', CDK_DEFAULT_REGION: 'eu-central-1' }),
    ).toMatchObject({
      account: '111122223333',
      region: 'eu-central-1',
    });
  });

  it('lets a custom domain replace the upload origin', () => {
    const config = configFor({
      domainName: 'dating.example.org',
      certificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/abc',
    });
    expect(config.uploadOrigins).toEqual(['https://dating.example.org']);
  });

  it.each([
    [{ stage: 'Prod!' }, /stage/],
    [{ apiMemoryMb: '64' }, /apiMemoryMb/],
    [{ logRetentionDays: '10' }, /logRetentionDays/],
    [{ priceClass: 'PriceClass_Cheap' }, /priceClass/],
    [{ domainName: 'dating.example.org' }, /go together/],
    [
      { certificateArn: 'arn:aws:acm:eu-west-1:111122223333:certificate/x', domainName: 'a.example' },
      /us-east-1/,
    ],
    [{ alarmEmail: 'nobody' }, /alarmEmail/],
    [{ accessLogs: 'maybe' }, /accessLogs/],
    [{ waf: 'sometimes' }, /waf/],
    [{ wafRateLimit: '5' }, /wafRateLimit/],
    [{ authReservedConcurrency: 'lots' }, /authReservedConcurrency/],
    [{ photoReservedConcurrency: '-1' }, /photoReservedConcurrency/],
    [{ authRouteThrottleRate: '0' }, /authRouteThrottleRate/],
  ])('refuses %o', (context, message) => {
    expect(() => configFor(context)).toThrow(message);
  });
});
