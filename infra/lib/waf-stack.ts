import { Stack, type StackProps } from 'aws-cdk-lib';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import type { StageConfig } from './config';

/** A web ACL of scope CLOUDFRONT can only be created in us-east-1, whatever region the app runs in. */
export const WAF_REGION = 'us-east-1';

export interface WafStackProps extends StackProps {
  config: StageConfig;
}

/** The rule names, in evaluation order (what the WAF console and the metrics show). */
export const WAF_RULES = {
  rateLimitPerIp: 'RateLimitPerIp',
  authRateLimitPerIp: 'AuthRateLimitPerIp',
  knownBadInputs: 'AWSManagedRulesKnownBadInputsRuleSet',
  common: 'AWSManagedRulesCommonRuleSet',
} as const;

const visibility = (metricName: string): CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  metricName,
  sampledRequestsEnabled: true,
});

const managedRuleGroup = (name: string, priority: number): CfnWebACL.RuleProperty => ({
  name,
  priority,
  overrideAction: { none: {} },
  statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
  visibilityConfig: visibility(`${name}`),
});

/**
 * The distribution's web ACL (WAFv2, scope CLOUDFRONT), in its own stack in us-east-1 because a CloudFront web
 * ACL cannot live anywhere else; the web stack, in the app's region, receives its ARN through CDK's
 * cross-region references (an SSM parameter written here and read there by CDK's custom resources). Rules:
 *
 * 1. a rate-based rule per client IP on every path (`wafRateLimit` requests per 5 minutes);
 * 2. a tighter one per client IP on `/api/auth/*` (`wafAuthRateLimit`), against password guessing and
 *    sign-up floods from one address (the app's per-account and per-IP limits still apply behind it);
 * 3. AWS's Known bad inputs managed rule group (Log4Shell-style payloads, exploitable paths);
 * 4. AWS's Core rule set (common web exploits; note its SizeRestrictions_BODY blocks bodies over 8 KB, which
 *    no API route of this app accepts: photos are uploaded straight to S3, not through CloudFront).
 *
 * CloudFront gives WAF the viewer's own address, so "per IP" is per viewer. Default action: allow.
 */
export class WafStack extends Stack {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: WafStackProps) {
    super(scope, id, props);
    const { config } = props;
    const prefix = `dating-${config.stage}`;

    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name: `${prefix}-edge`,
      description: `Dating app ${config.stage}: per-IP rate limits and AWS managed rule groups for CloudFront`,
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(`${prefix}-edge`),
      rules: [
        {
          name: WAF_RULES.rateLimitPerIp,
          priority: 0,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit: config.wafRateLimit,
              evaluationWindowSec: 300,
              aggregateKeyType: 'IP',
            },
          },
          visibilityConfig: visibility(`${prefix}-${WAF_RULES.rateLimitPerIp}`),
        },
        {
          name: WAF_RULES.authRateLimitPerIp,
          priority: 1,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit: config.wafAuthRateLimit,
              evaluationWindowSec: 300,
              aggregateKeyType: 'IP',
              scopeDownStatement: {
                byteMatchStatement: {
                  fieldToMatch: { uriPath: {} },
                  positionalConstraint: 'STARTS_WITH',
                  searchString: '/api/auth/',
                  textTransformations: [{ priority: 0, type: 'LOWERCASE' }],
                },
              },
            },
          },
          visibilityConfig: visibility(`${prefix}-${WAF_RULES.authRateLimitPerIp}`),
        },
        managedRuleGroup(WAF_RULES.knownBadInputs, 2),
        managedRuleGroup(WAF_RULES.common, 3),
      ],
    });
  }
}
