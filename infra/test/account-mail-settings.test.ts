import { describe, expect, it } from 'vitest';
import { readStageConfig } from '../lib/config';
import { resourcesOf, synthesizeApp } from './support/synth';

/** The API functions' environment, by function logical id. */
function apiEnvironments(context: Record<string, string> = {}) {
  const synthesized = synthesizeApp({ context });
  const api = synthesized.template(synthesized.stacks.api);
  return resourcesOf(api, 'AWS::Lambda::Function')
    .map(([, fn]) => (fn.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {})
    .filter((variables) => variables.TABLE_NAME !== undefined && variables.JWT_SECRET_ARN !== undefined);
}

describe('account mail settings of the API functions', () => {
  it('requires email verification by default; without a domain or publicOrigin no PUBLIC_ORIGIN is set', () => {
    const environments = apiEnvironments();
    expect(environments.length).toBeGreaterThan(0);
    for (const variables of environments) {
      expect(variables.EMAIL_VERIFICATION).toBe('required');
      expect(variables.PUBLIC_ORIGIN).toBeUndefined();
    }
  });

  it('points links at the custom domain, or at the publicOrigin given; EMAIL_VERIFICATION follows the context', () => {
    const onDomain = apiEnvironments({
      domainName: 'love.example.org',
      certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc',
    });
    expect(onDomain.map((variables) => variables.PUBLIC_ORIGIN)).toEqual(
      onDomain.map(() => 'https://love.example.org'),
    );
    const given = apiEnvironments({
      publicOrigin: 'https://d111111abcdef8.cloudfront.net/',
      emailVerification: 'off',
    });
    for (const variables of given) {
      expect(variables.PUBLIC_ORIGIN).toBe('https://d111111abcdef8.cloudfront.net');
      expect(variables.EMAIL_VERIFICATION).toBe('off');
    }
  });

  it.each([
    [{ publicOrigin: 'https://love.example.org/app' }, /publicOrigin/],
    [{ publicOrigin: 'ftp://love.example.org' }, /publicOrigin/],
    [{ emailVerification: 'sometimes' }, /emailVerification/],
  ])('refuses %j', (context, message) => {
    const node = { tryGetContext: (key: string) => (context as Record<string, string>)[key] };
    expect(() => readStageConfig(node as unknown as Parameters<typeof readStageConfig>[0], {})).toThrow(
      message,
    );
  });
});
