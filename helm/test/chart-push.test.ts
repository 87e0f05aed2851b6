import { describe, expect, it } from 'vitest';
import { loadLabConfig } from '../../functions/src/runtime/lab/config';
import { helmOrSkip, RELEASE, renderChart, type Scenario } from './support/chart';
import { named, ofKind } from './support/kube-models';

const helm = helmOrSkip();
const fullname = `${RELEASE}-dating-app`;
const scenario = (set: string[]): Scenario => ({ name: set.join(' ') || 'default', valuesFiles: [], set });
/** A P-256 key as web-push generates it (base64url scalar). */
const RAW_KEY = 'IZfB2IsNgk1hnZvOYkXnLTKB_S3dOjl36HXkgqHuIrA';

describe.skipIf(!helm.available)(
  `chart Web Push settings ${helm.available ? '' : '(skipped: no helm)'}`,
  () => {
    const helmPath = helm.available ? helm.path : '';

    /** The app's environment as the kubelet would build it, with the rendered Secrets (and `existing` ones). */
    const render = (set: string[], existing: Record<string, Record<string, string>> = {}) => {
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
      const env: Record<string, string> = {
        ...configMap.data,
        DATABASE_URL: 'postgres://dating:pw@db:5432/dating',
        JWT_SECRET: 'stand-in-jwt-secret-0123456789abcdef0123',
      };
      for (const variable of app?.env ?? []) {
        const ref = variable.valueFrom?.secretKeyRef;
        if (ref && variable.name !== 'JWT_SECRET' && variable.name !== 'DATABASE_URL') {
          env[variable.name] = secrets.get(ref.name ?? '')?.[ref.key] ?? `missing ${ref.name}/${ref.key}`;
        }
      }
      const config = loadLabConfig(env, { appRoot: '/app', appVersion: '0.1.0', cwd: '/app' });
      return { objects, env, config };
    };

    it('generates a VAPID key into its own Secret, kept on uninstall, that the runtime accepts', () => {
      const { objects, config, env } = render([]);
      const secret = named(ofKind(objects, 'Secret'), `${fullname}-vapid`);
      expect(secret.metadata?.annotations?.['helm.sh/resource-policy']).toBe('keep');
      expect(env.VAPID_PRIVATE_KEY).toMatch(/^-----BEGIN EC PRIVATE KEY-----/);
      expect(config.push.vapid?.publicKey).toMatch(/^[A-Za-z0-9_-]{87}$/);
      expect(config.push.subject).toBe('mailto:no-reply@localhost');
      // Never in the ConfigMap.
      expect(JSON.stringify(named(ofKind(objects, 'ConfigMap'), fullname).data)).not.toContain(
        'VAPID_PRIVATE',
      );
    });

    it('uses a given key and contact', () => {
      const { config } = render([`push.vapidPrivateKey=${RAW_KEY}`, 'push.subject=mailto:ops@home.lan']);
      expect(config.push.vapid?.privateKey).toBe(RAW_KEY);
      expect(config.push.subject).toBe('mailto:ops@home.lan');
    });

    it('reads the key from an existing Secret and creates none', () => {
      const { objects, config } = render(['push.existingSecret=my-vapid', 'push.existingSecretKey=key'], {
        'my-vapid': { key: RAW_KEY },
      });
      expect(ofKind(objects, 'Secret').map((secret) => secret.metadata?.name)).not.toContain(
        `${fullname}-vapid`,
      );
      expect(config.push.vapid?.privateKey).toBe(RAW_KEY);
    });
  },
);
