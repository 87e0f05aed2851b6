import { describe, expect, it } from 'vitest';
import { loadLabConfig } from '../../functions/src/runtime/lab/config';
import { helmOrSkip, RELEASE, renderChart, type Scenario, templateChart } from './support/chart';
import { named, ofKind } from './support/kube-models';

const helm = helmOrSkip();
const fullname = `${RELEASE}-dating-app`;
const scenario = (set: string[]): Scenario => ({ name: set.join(' ') || 'default', valuesFiles: [], set });

describe.skipIf(!helm.available)(`chart mail settings ${helm.available ? '' : '(skipped: no helm)'}`, () => {
  const helmPath = helm.available ? helm.path : '';

  /** The app container's environment as the kubelet would build it, Secrets resolved from the rendered ones. */
  const runtimeEnv = (set: string[], existing: Record<string, Record<string, string>> = {}) => {
    const objects = renderChart(helmPath, scenario(set));
    const secrets = new Map(
      ofKind(objects, 'Secret').map((secret) => [
        secret.metadata?.name ?? '',
        Object.fromEntries(
          Object.entries(secret.data ?? {}).map(([key, value]) => [
            key,
            Buffer.from(value, 'base64').toString(),
          ]),
        ),
      ]),
    );
    for (const [name, data] of Object.entries(existing)) secrets.set(name, data);
    const configMap = named(ofKind(objects, 'ConfigMap'), fullname);
    const app = named(ofKind(objects, 'Deployment'), fullname).spec?.template.spec?.containers[0];
    const env: Record<string, string> = { ...configMap.data };
    const refs: Record<string, { name: string; key: string }> = {};
    for (const variable of app?.env ?? []) {
      const ref = variable.valueFrom?.secretKeyRef;
      if (ref) {
        refs[variable.name] = { name: ref.name ?? '', key: ref.key };
        env[variable.name] = secrets.get(ref.name ?? '')?.[ref.key] ?? `missing ${ref.name}/${ref.key}`;
      }
    }
    env.DATABASE_URL = 'postgres://dating:pw@db:5432/dating';
    env.JWT_SECRET = 'stand-in-jwt-secret-0123456789abcdef0123';
    return { env, refs, configMap, secrets };
  };
  const labConfig = (env: Record<string, string>) =>
    loadLabConfig(env, { appRoot: '/app', appVersion: '0.1.0', cwd: '/app' });

  it('writes mail to /data/outbox when no SMTP server is configured', () => {
    const { env, refs } = runtimeEnv([]);
    expect(refs.SMTP_URL).toBeUndefined();
    expect(labConfig(env).mail).toEqual({
      kind: 'outbox-files',
      dir: '/data/outbox',
      from: 'Heartwood <no-reply@localhost>',
    });
  });

  it('renders SMTP_URL from the chart Secret (never the ConfigMap) and MAIL_FROM into the ConfigMap', () => {
    const url = 'smtp://dating:s3cret@mail.home.lan:587';
    const { env, refs, configMap } = runtimeEnv([
      `mail.smtp.url=${url}`,
      'mail.from=Dating <no-reply@home.lan>',
    ]);
    expect(refs.SMTP_URL).toEqual({ name: fullname, key: 'SMTP_URL' });
    expect(configMap.data?.SMTP_URL).toBeUndefined();
    expect(JSON.stringify(configMap.data)).not.toContain('s3cret');
    expect(configMap.data?.MAIL_FROM).toBe('Dating <no-reply@home.lan>');
    expect(labConfig(env).mail).toEqual({ kind: 'smtp', url, from: 'Dating <no-reply@home.lan>' });
  });

  it('takes the SMTP URL from an existing Secret by key, and then stores none itself', () => {
    const url = 'smtps://relay:pw@smtp.provider.example:465';
    const { env, refs, secrets } = runtimeEnv(
      ['mail.existingSecret=smtp-relay', 'mail.existingSecretKey=url', 'mail.from=no-reply@dating.example'],
      { 'smtp-relay': { url } },
    );
    expect(refs.SMTP_URL).toEqual({ name: 'smtp-relay', key: 'url' });
    expect(secrets.get(fullname)?.SMTP_URL).toBeUndefined();
    expect(labConfig(env).mail).toMatchObject({ kind: 'smtp', url });
  });

  it('restarts the pods when the mail settings change (checksum of the secret values)', () => {
    const checksum = (set: string[]) =>
      named(ofKind(renderChart(helmPath, scenario(set)), 'Deployment'), fullname).spec?.template.metadata
        ?.annotations?.['checksum/secret'];
    const jwt = 'secret.jwtSecret=a-fixed-jwt-secret-of-at-least-32-characters';
    expect(checksum(['mail.smtp.url=smtp://a:b@mail.lan:25', jwt])).not.toBe(
      checksum(['mail.smtp.url=smtp://a:c@mail.lan:25', jwt]),
    );
  });

  it('lets the app pods reach the SMTP relay through the NetworkPolicy only when mail is configured', () => {
    const smtpEgress = (set: string[]) => {
      const policy = named(ofKind(renderChart(helmPath, scenario(set)), 'NetworkPolicy'), fullname);
      return (policy.spec?.egress ?? []).filter((rule) =>
        (rule.ports ?? []).some((port) => port.port === 587),
      );
    };
    expect(smtpEgress([])).toEqual([]);
    expect(
      smtpEgress([
        'mail.existingSecret=smtp-relay',
        'networkPolicy.smtpPorts[0]=587',
        'networkPolicy.smtpTo[0].ipBlock.cidr=192.168.1.25/32',
      ]),
    ).toEqual([{ ports: [{ port: 587, protocol: 'TCP' }], to: [{ ipBlock: { cidr: '192.168.1.25/32' } }] }]);
  });

  it.each([
    [['mail.smtp.url=http://mail.lan'], /schema/],
    [['mail.from=not an address'], /schema/],
    [['mail.smtp.url=smtp://a:b@mail.lan:25', 'mail.existingSecret=smtp'], /alternatives/],
  ])('refuses %s', (set, message) => {
    const result = templateChart(helmPath, scenario(set));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(message);
  });

  it('requires email verification by default and points links at the Ingress host, or the origin given', () => {
    const defaults = labConfig(runtimeEnv([]).env);
    expect(defaults.emailVerification).toBe('required');
    expect(defaults.publicOrigin).toBe('http://localhost:8080');

    const behindIngress = (set: string[]) =>
      labConfig(runtimeEnv(['ingress.enabled=true', 'ingress.host=dating.home.lan', ...set]).env);
    expect(behindIngress([]).publicOrigin).toBe('http://dating.home.lan');
    expect(behindIngress(['ingress.tls.enabled=true']).publicOrigin).toBe('https://dating.home.lan');
    expect(behindIngress(['config.publicOrigin=https://love.example.org/']).publicOrigin).toBe(
      'https://love.example.org',
    );
    expect(labConfig(runtimeEnv(['config.emailVerification=off']).env).emailVerification).toBe('off');
  });

  it.each([
    [['config.publicOrigin=https://love.example.org/path'], /schema/],
    [['config.emailVerification=sometimes'], /schema/],
  ])('refuses %s', (set, message) => {
    const result = templateChart(helmPath, scenario(set));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(message);
  });
});
