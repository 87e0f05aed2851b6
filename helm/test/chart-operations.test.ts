import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLabConfig } from '../../functions/src/runtime/lab/config';
import { chartDir, helmOrSkip, type KubeObject, RELEASE, renderChart, templateChart } from './support/chart';
import { named, ofKind, validateKubeObject } from './support/kube-models';

const helm = helmOrSkip();
const fullname = `${RELEASE}-dating-app`;
const render = (helmPath: string, set: string[], valuesFiles: string[] = []) => {
  const objects = renderChart(helmPath, { name: set.join(' ') || 'default', valuesFiles, set });
  for (const object of objects) validateKubeObject(object);
  return objects;
};
const custom = (objects: KubeObject[], kind: string) => objects.filter((object) => object.kind === kind);

/** The peers allowed to reach the app's `http` port. */
const httpPeers = (objects: KubeObject[]) =>
  named(ofKind(objects, 'NetworkPolicy'), fullname)
    .spec?.ingress?.filter((rule) => rule.ports?.some((port) => port.port === 'http'))
    .flatMap((rule) => rule.from ?? []) ?? [];

const traefikPeer = {
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
  podSelector: { matchLabels: { 'app.kubernetes.io/name': 'traefik' } },
};
const nginxPeer = {
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } },
  podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } },
};

describe.skipIf(!helm.available)(`chart operations ${helm.available ? '' : '(skipped: no helm)'}`, () => {
  const helmPath = helm.available ? helm.path : '';

  describe('metrics', () => {
    it('exposes /metrics on the Service port `metrics`, set as METRICS_PORT, while the Ingress targets `http` only', () => {
      const objects = render(helmPath, ['ingress.enabled=true']);
      const service = named(ofKind(objects, 'Service'), fullname);
      expect(service.spec?.ports?.map((port) => [port.name, port.port, port.targetPort])).toEqual([
        ['http', 80, 'http'],
        ['metrics', 9090, 'metrics'],
      ]);
      const configMap = named(ofKind(objects, 'ConfigMap'), fullname);
      const config = loadLabConfig(
        { ...configMap.data, JWT_SECRET: 'x'.repeat(40), DATABASE_URL: 'postgres://u:p@db:5432/d' },
        { appRoot: '/app', appVersion: '0.1.0', cwd: '/app' },
      );
      expect(config.metricsPort).toBe(9090);
      const ingress = named(ofKind(objects, 'Ingress'), fullname);
      const backends = ingress.spec?.rules?.flatMap((rule) => rule.http?.paths ?? []) ?? [];
      expect(backends.map((path) => path.backend.service?.port?.name)).toEqual(['http']);
    });

    it('admits only Prometheus to the metrics port', () => {
      const policy = named(ofKind(render(helmPath, []), 'NetworkPolicy'), fullname);
      const rule = policy.spec?.ingress?.find((entry) =>
        entry.ports?.some((port) => port.port === 'metrics'),
      );
      expect(rule?.from).toEqual([
        { namespaceSelector: {}, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } },
      ]);
      // The controllers reach `http` only.
      const httpRule = policy.spec?.ingress?.find((entry) =>
        entry.ports?.some((port) => port.port === 'http'),
      );
      expect(httpRule?.ports).toEqual([{ port: 'http', protocol: 'TCP' }]);
    });

    it('renders no metrics port and no METRICS_PORT when switched off', () => {
      const objects = render(helmPath, ['metrics.enabled=false']);
      expect(named(ofKind(objects, 'ConfigMap'), fullname).data?.METRICS_PORT).toBeUndefined();
      expect(named(ofKind(objects, 'Service'), fullname).spec?.ports?.map((port) => port.name)).toEqual([
        'http',
      ]);
    });

    it('renders a ServiceMonitor for the metrics port when asked', () => {
      expect(custom(render(helmPath, []), 'ServiceMonitor')).toEqual([]);
      const objects = render(helmPath, [
        'metrics.serviceMonitor.enabled=true',
        'metrics.serviceMonitor.labels.release=kube-prometheus-stack',
      ]);
      const [monitor] = custom(objects, 'ServiceMonitor');
      expect(monitor?.metadata.labels?.release).toBe('kube-prometheus-stack');
      const spec = monitor?.spec as {
        selector: { matchLabels: Record<string, string> };
        endpoints: { port: string; path: string; interval: string }[];
      };
      expect(spec.endpoints).toEqual([
        { port: 'metrics', path: '/metrics', interval: '30s', scrapeTimeout: '10s' },
      ]);
      const service = named(ofKind(objects, 'Service'), fullname);
      for (const [key, value] of Object.entries(spec.selector.matchLabels)) {
        expect(service.metadata?.labels?.[key]).toBe(value);
      }
      // Only the app Service carries those labels (not the PostgreSQL one).
      const selected = ofKind(objects, 'Service').filter((candidate) =>
        Object.entries(spec.selector.matchLabels).every(
          ([key, value]) => candidate.metadata?.labels?.[key] === value,
        ),
      );
      expect(selected.map((candidate) => candidate.metadata?.name)).toEqual([fullname]);
    });

    it("ships a Grafana dashboard whose queries use the runtime's series", () => {
      const file = readFileSync(join(chartDir, 'dashboards', 'dating-app.json'), 'utf8');
      const dashboard = JSON.parse(file) as { panels: { title: string; targets: { expr: string }[] }[] };
      const exprs = dashboard.panels.flatMap((panel) => panel.targets.map((target) => target.expr));
      const series = [
        'http_requests_total',
        'http_request_duration_seconds_bucket',
        'http_errors_total',
        'rate_limit_hits_total',
        'websocket_connections',
        'websocket_frames_total',
        'queue_depth',
        'db_pool_connections',
      ];
      for (const name of series)
        expect(
          exprs.some((expr) => expr.includes(name)),
          name,
        ).toBe(true);
      const objects = render(helmPath, ['metrics.grafanaDashboard.enabled=true']);
      const configMap = named(ofKind(objects, 'ConfigMap'), `${fullname}-dashboard`);
      expect(configMap.metadata?.labels?.grafana_dashboard).toBe('1');
      expect(JSON.parse(configMap.data?.['dating-app.json'] ?? '')).toEqual(JSON.parse(file));
    });
  });

  describe('backups', () => {
    const backupOn = ['backup.enabled=true'];
    const podLabels = (objects: KubeObject[]) => {
      const cron = ofKind(objects, 'CronJob')[0];
      return cron?.spec?.jobTemplate.spec?.template.metadata?.labels ?? {};
    };

    it('renders nothing of them by default', () => {
      const objects = render(helmPath, []);
      expect(ofKind(objects, 'CronJob')).toEqual([]);
      expect(ofKind(objects, 'ConfigMap').map((map) => map.metadata?.name)).not.toContain(
        `${fullname}-backup-scripts`,
      );
    });

    it('runs backup.sh dump (PostgreSQL image) then backup.mjs store (app image) from the chart files, non-root', () => {
      const objects = render(helmPath, [...backupOn, 'backup.schedule=0 2 * * *', 'backup.keep=14']);
      const cron = named(ofKind(objects, 'CronJob'), `${fullname}-backup`);
      expect(cron.spec?.schedule).toBe('0 2 * * *');
      expect(cron.spec?.concurrencyPolicy).toBe('Forbid');
      const pod = cron.spec?.jobTemplate.spec?.template.spec;
      const [dump] = pod?.initContainers ?? [];
      const [store] = pod?.containers ?? [];
      expect(dump?.image).toMatch(/postgres:15/);
      expect(dump?.command).toEqual(['sh', '/scripts/backup.sh', 'dump']);
      expect(store?.image).toMatch(/dating-app:/);
      expect(store?.command).toEqual(['node', '/scripts/backup.mjs', 'store']);
      for (const container of [dump, store]) {
        expect(container?.securityContext?.runAsNonRoot).toBe(true);
        expect(container?.securityContext?.readOnlyRootFilesystem).toBe(true);
        const env = Object.fromEntries((container?.env ?? []).map((variable) => [variable.name, variable]));
        expect(env.BACKUP_KEEP?.value).toBe('14');
        expect(env.BACKUP_DESTINATION?.value).toBe('pvc');
        expect(env.DATABASE_URL?.value).toBe(
          `postgres://dating:$(DATABASE_PASSWORD)@${fullname}-postgresql:5432/dating`,
        );
      }
      // The scripts are the repository's files, byte for byte (the ones CI's restore test runs).
      const scripts = named(ofKind(objects, 'ConfigMap'), `${fullname}-backup-scripts`);
      for (const file of ['backup.sh', 'backup.mjs']) {
        expect(scripts.data?.[file]).toBe(readFileSync(join(chartDir, 'files', file), 'utf8').trimEnd());
      }
      const claim = named(ofKind(objects, 'PersistentVolumeClaim'), `${fullname}-backups`);
      expect(claim.metadata?.annotations?.['helm.sh/resource-policy']).toBe('keep');
    });

    it('lets the backup pods reach PostgreSQL and nothing else but DNS (and the bucket with S3)', () => {
      const objects = render(helmPath, backupOn);
      const labels = podLabels(objects);
      const postgres = named(ofKind(objects, 'NetworkPolicy'), `${fullname}-postgresql`);
      const admitted = postgres.spec?.ingress?.flatMap((rule) => rule.from ?? []) ?? [];
      expect(
        admitted.some((peer) =>
          Object.entries(peer.podSelector?.matchLabels ?? {}).every(([key, value]) => labels[key] === value),
        ),
      ).toBe(true);
      const own = named(ofKind(objects, 'NetworkPolicy'), `${fullname}-backup`);
      expect(own.spec?.ingress).toBeUndefined();
      expect(own.spec?.egress?.flatMap((rule) => rule.ports?.map((port) => port.port) ?? [])).toEqual([
        53, 53, 5432,
      ]);
      const s3 = render(helmPath, [...backupOn, 'backup.destination=s3', 'backup.s3.bucket=backups']);
      const s3Policy = named(ofKind(s3, 'NetworkPolicy'), `${fullname}-backup`);
      expect(s3Policy.spec?.egress?.flatMap((rule) => rule.ports?.map((port) => port.port) ?? [])).toContain(
        443,
      );
      expect(ofKind(s3, 'PersistentVolumeClaim').map((claim) => claim.metadata?.name)).not.toContain(
        `${fullname}-backups`,
      );
    });

    it('encrypts with a passphrase from an existing Secret only', () => {
      const objects = render(helmPath, [
        ...backupOn,
        'backup.encryption.enabled=true',
        'backup.encryption.existingSecret=backup-key',
      ]);
      const pod = named(ofKind(objects, 'CronJob'), `${fullname}-backup`).spec?.jobTemplate.spec?.template
        .spec;
      expect(pod?.volumes?.find((volume) => volume.name === 'keys')?.secret?.secretName).toBe('backup-key');
      const env = pod?.containers[0]?.env ?? [];
      expect(env.find((variable) => variable.name === 'BACKUP_ENCRYPTION')?.value).toBe('openssl');
      const refused = templateChart(helmPath, {
        name: 'encryption without a key',
        valuesFiles: [],
        set: [...backupOn, 'backup.encryption.enabled=true'],
      });
      expect(refused.status).not.toBe(0);
      expect(refused.stderr).toContain('backup.encryption.existingSecret');
    });

    it('renders the restore Job: backup.mjs fetch <from>, then backup.sh restore', () => {
      const objects = render(helmPath, [
        'backup.restore.enabled=true',
        'backup.restore.from=dating-20260101T031700Z.dump.enc',
      ]);
      const job = named(ofKind(objects, 'Job'), `${fullname}-restore`);
      const pod = job.spec?.template.spec;
      expect(pod?.initContainers?.[0]?.command).toEqual([
        'node',
        '/scripts/backup.mjs',
        'fetch',
        'dating-20260101T031700Z.dump.enc',
      ]);
      expect(pod?.containers[0]?.command).toEqual(['sh', '/scripts/backup.sh', 'restore']);
      expect(job.metadata?.annotations?.['helm.sh/hook']).toBeUndefined();
      expect(ofKind(objects, 'CronJob')).toEqual([]);
    });
  });

  describe('JWT Secret', () => {
    it('is generated (48 characters) and kept on uninstall, like the PostgreSQL password', () => {
      const objects = render(helmPath, []);
      const secret = named(ofKind(objects, 'Secret'), fullname);
      expect(secret.metadata?.annotations?.['helm.sh/resource-policy']).toBe('keep');
      const key = Buffer.from(secret.data?.JWT_SECRET ?? '', 'base64').toString();
      expect(key).toMatch(/^[A-Za-z0-9]{48}$/);
      const postgres = named(ofKind(objects, 'Secret'), `${fullname}-postgresql`);
      expect(postgres.metadata?.annotations?.['helm.sh/resource-policy']).toBe('keep');
    });

    it('is not created when an existing Secret holds the key', () => {
      const objects = render(helmPath, ['secret.existingSecret=dating-jwt']);
      expect(ofKind(objects, 'Secret').map((secret) => secret.metadata?.name)).not.toContain(fullname);
    });
  });

  describe('ingress controllers', () => {
    it('defaults to stock k3s: Traefik in kube-system is the peer even before an Ingress exists', () => {
      expect(httpPeers(render(helmPath, []))).toContainEqual(traefikPeer);
    });

    it('Traefik: IngressClass traefik, a body-limit Middleware over 10 MB, kube-system/traefik admitted', () => {
      const objects = render(helmPath, ['ingress.enabled=true']);
      const ingress = named(ofKind(objects, 'Ingress'), fullname);
      expect(ingress.spec?.ingressClassName).toBe('traefik');
      expect(ingress.metadata?.annotations?.['traefik.ingress.kubernetes.io/router.middlewares']).toBe(
        `dating-${fullname}-body-limit@kubernetescrd`,
      );
      const [middleware] = custom(objects, 'Middleware');
      expect(middleware?.metadata.name).toBe(`${fullname}-body-limit`);
      const buffering = (middleware?.spec as { buffering: { maxRequestBodyBytes: number } } | undefined)
        ?.buffering;
      expect(buffering?.maxRequestBodyBytes).toBe(12 * 1024 * 1024);
      expect(httpPeers(objects)).toContainEqual(traefikPeer);
      expect(httpPeers(objects)).not.toContainEqual(nginxPeer);
      expect(named(ofKind(objects, 'ConfigMap'), fullname).data?.TRUST_PROXY).toBe('true');
    });

    it('ingress-nginx: WebSocket timeouts and a body size over 10 MB as annotations, ingress-nginx admitted', () => {
      const objects = render(helmPath, ['ingress.enabled=true', 'ingress.className=nginx']);
      const ingress = named(ofKind(objects, 'Ingress'), fullname);
      expect(ingress.spec?.ingressClassName).toBe('nginx');
      expect(ingress.metadata?.annotations).toMatchObject({
        'nginx.ingress.kubernetes.io/proxy-read-timeout': '3600',
        'nginx.ingress.kubernetes.io/proxy-send-timeout': '3600',
        'nginx.ingress.kubernetes.io/proxy-body-size': '12m',
      });
      expect(custom(objects, 'Middleware')).toEqual([]);
      expect(httpPeers(objects)).toContainEqual(nginxPeer);
      expect(httpPeers(objects)).not.toContainEqual(traefikPeer);
    });

    it('Gateway API: an HTTPRoute on the Traefik gateway with the WebSocket timeout, Traefik admitted', () => {
      const objects = render(helmPath, ['gatewayApi.enabled=true', 'ingress.host=dating.home.lan']);
      expect(ofKind(objects, 'Ingress')).toEqual([]);
      const [route] = custom(objects, 'HTTPRoute');
      expect(route?.spec).toEqual({
        parentRefs: [{ name: 'traefik-gateway', namespace: 'kube-system' }],
        hostnames: ['dating.home.lan'],
        rules: [
          {
            matches: [{ path: { type: 'PathPrefix', value: '/' } }],
            backendRefs: [{ name: fullname, port: 80 }],
            timeouts: { request: '3600s' },
          },
        ],
      });
      expect(httpPeers(objects)).toContainEqual(traefikPeer);
      expect(named(ofKind(objects, 'ConfigMap'), fullname).data?.TRUST_PROXY).toBe('true');
    });

    it('Gateway API on another controller: its selectors are the peer, and missing ones fail the render', () => {
      const objects = render(helmPath, [
        'gatewayApi.enabled=true',
        'gatewayApi.controller=other',
        'gatewayApi.parentRefs[0].name=eg',
        'gatewayApi.parentRefs[0].namespace=envoy-gateway-system',
        'networkPolicy.ingressControllerNamespaceSelector.matchLabels.kubernetes\\.io/metadata\\.name=envoy-gateway-system',
        'networkPolicy.ingressControllerPodSelector.matchLabels.app\\.kubernetes\\.io/name=envoy',
      ]);
      expect(httpPeers(objects)).toContainEqual({
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'envoy-gateway-system' } },
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'envoy' } },
      });
      const failed = templateChart(helmPath, {
        name: 'other without selectors',
        valuesFiles: [],
        set: ['gatewayApi.enabled=true', 'gatewayApi.controller=other'],
      });
      expect(failed.status).not.toBe(0);
      expect(failed.stderr).toContain('ingressControllerNamespaceSelector');
    });
  });
});
