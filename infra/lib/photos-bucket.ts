import { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * The photos bucket has a deterministic name, so the stacks that use it (API, photo processing, web) build its
 * name and ARN from their own account and region instead of importing them from the data stack. Besides
 * saving exports, that keeps the IAM resources of those stacks literal enough for cdk-nag to acknowledge
 * precisely (`.../uploads/*`, `.../media/*`), and operators can find the bucket by name. Account and region
 * in the name make it globally unique.
 */
export function photosBucketName(scope: IConstruct, stage: string): string {
  const stack = Stack.of(scope);
  return `dating-${stage}-photos-${stack.account}-${stack.region}`;
}

export function photosBucketArn(scope: IConstruct, stage: string): string {
  return `arn:${Stack.of(scope).partition}:s3:::${photosBucketName(scope, stage)}`;
}

/** Where browsers POST uploads (the presigned POST's URL host, virtual-hosted style). */
export function photosBucketRegionalDomainName(scope: IConstruct, stage: string): string {
  const stack = Stack.of(scope);
  return `${photosBucketName(scope, stage)}.s3.${stack.region}.${stack.urlSuffix}`;
}
