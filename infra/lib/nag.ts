import { CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { CfnPolicy } from 'aws-cdk-lib/aws-iam';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges a cdk-nag finding on one construct (and its children). Every acknowledgement must say why the
 * rule does not apply or what compensates for it; an empty or token-like reason is a bug.
 * `rule` is `AwsSolutions-XXX` or a single finding such as `AwsSolutions-IAM5[Resource::...]`.
 */
export function acknowledge(scope: IConstruct, rule: string, reason: string): void {
  if (reason.trim().length < 20) throw new Error(`cdk-nag acknowledgement of ${rule} needs a real reason`);
  Validations.of(scope).acknowledge({ id: rule, reason });
}

interface PolicyStatementJson {
  Effect?: string;
  Action?: string | string[];
  Resource?: unknown;
}

const list = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/**
 * The AwsSolutions-IAM5 findings of every IAM policy under `scope`, computed the way cdk-nag computes them
 * (`Action::s3:Get*`, `Resource::arn:<AWS::Partition>:s3:::bucket/uploads/*`). Call it once the policies
 * have their statements; references to other stacks are not resolved yet, so use it on literal ARNs.
 */
export function wildcardFindings(scope: IConstruct): { policy: CfnPolicy; finding: string }[] {
  const found: { policy: CfnPolicy; finding: string }[] = [];
  for (const node of scope.node.findAll()) {
    if (!(node instanceof CfnPolicy) || !CfnResource.isCfnResource(node)) continue;
    const document = Stack.of(node).resolve(node.policyDocument) as { Statement?: PolicyStatementJson[] };
    for (const statement of document.Statement ?? []) {
      if (statement.Effect !== 'Allow') continue;
      for (const action of list(statement.Action))
        if (action.includes('*')) found.push({ policy: node, finding: `Action::${action}` });
      for (const resource of list(statement.Resource)) {
        const flat = flattenCfnReference(resource);
        if (flat.includes('*')) found.push({ policy: node, finding: `Resource::${flat}` });
      }
    }
  }
  return found;
}

/**
 * Acknowledges, finding by finding, the wildcard permissions under `scope` that `accept` approves, with the
 * reason; any other wildcard stays a finding (so a new, unreviewed `*` still fails the synth).
 */
export function acknowledgeWildcards(
  scope: IConstruct,
  accept: (finding: string) => boolean,
  reason: string,
): void {
  for (const { policy, finding } of wildcardFindings(scope)) {
    if (accept(finding)) acknowledge(policy, `AwsSolutions-IAM5[${finding}]`, reason);
  }
}

/** The managed policy CDK's own custom-resource handlers use for their logs. */
export const BASIC_EXECUTION_ROLE_FINDING =
  'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]';
