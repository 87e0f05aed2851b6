import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSecurityContext } from 'kubernetes-models/v1/PodSecurityContext';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadLabConfig } from '../../functions/src/runtime/lab/config';
import { helmOrSkip, type KubeObject, lintChart, RELEASE, renderChart, type Scenario } from './support/chart';
import {
  named,
  ofKind,
  type RenderedPod,
  renderedPods,
  selects,
  validateKubeObject,
} from './support/kube-models';

const helm = helmOrSkip();
const fullname = `${RELEASE}-dating-app`;

/** The three shipped values files, plus two combinations they do not cover. */
const scenarios: Scenario[] = [
  { name: 'default values', valuesFiles: [] },
  { name: 'values-lab.yaml', valuesFiles: ['values-lab.yaml'] },
  { name: 'values-aws.yaml', valuesFiles: ['values-aws.yaml'] },
  {
    name: 'external URL + MinIO + 2 replicas + TLS',
    valuesFiles: [],
    set: [
      'database.mode=external',
      'database.url=postgres://dating:pw@db.lan:5432/dating',
      'media.mode=s3',
      'media.s3.bucket=photos',
      'media.s3.endpoint=http://minio.minio.svc:9000',
      'media.s3.publicEndpoint=https://s3.home.lan',
      'media.s3.forcePathStyle=true',
      'media.s3.existingSecret=minio-credentials',
      'replicaCount=2',
      'ingress.enabled=true',
      'ingress.tls.enabled=true',
      'secret.existingSecret=dating-jwt',
    ],
  },
  {
    name: 'autoscaling on a ReadWriteMany volume',
    valuesFiles: [],
    set: [
      'autoscaling.enabled=true',
      'media.persistence.accessModes[0]=ReadWriteMany',
      'media.persistence.storageClass=nfs-client',
    ],
  },
];

const allContainers = (pod: RenderedPod): IContainer[] => [
  ...(pod.spec.initContainers ?? []),
  ...pod.spec.containers,
];

/** The image reference has an explicit tag that is not `latest` (a digest may follow). */
function pinnedTag(image: string): string | null {
  const withoutDigest = image.split('@')[0] ?? '';
  const lastPart = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  const colon = lastPart.indexOf(':');
  const tag = colon < 0 ? '' : lastPart.slice(colon + 1);
  return tag === '' || tag === 'latest' ? null : tag;
}

describe.skipIf(!helm.available)(
  `helm chart ${helm.available ? '' : `(skipped: ${helm.available ? '' : helm.reason})`}`,
  () => {
    const helmPath = helm.available ? helm.path : '';

    describe.each(scenarios)('$name', (scenario) => {
      let objects: KubeObject[] = [];
      beforeAll(() => {
        objects = renderChart(helmPath, scenario);
      });

      it('passes helm lint --strict', () => {
        const result = lintChart(helmPath, scenario);
        expect(result.stderr + result.stdout).not.toMatch(/\[(WARNING|ERROR)\]/);
        expect(result.status).toBe(0);
      });

      it('renders only valid objects of built-in kinds (kubernetes-models)', () => {
        expect(objects.length).toBeGreaterThan(5);
        for (const object of objects) expect(() => validateKubeObject(object)).not.toThrow();
      });

      it('runs every container non-root, read-only, without privileges or capabilities', () => {
        for (const pod of renderedPods(objects)) {
          const podContext: IPodSecurityContext = pod.spec.securityContext ?? {};
          expect(pod.spec.automountServiceAccountToken, pod.owner).toBe(false);
          for (const container of allContainers(pod)) {
            const where = `${pod.owner} container ${container.name}`;
            const context = container.securityContext ?? {};
            expect(context.runAsNonRoot ?? podContext.runAsNonRoot, where).toBe(true);
            expect(context.runAsUser ?? podContext.runAsUser, where).toBeGreaterThan(0);
            expect(context.readOnlyRootFilesystem, where).toBe(true);
            expect(context.allowPrivilegeEscalation, where).toBe(false);
            expect(context.privileged ?? false, where).toBe(false);
            expect(context.capabilities?.drop, where).toContain('ALL');
            expect(context.capabilities?.add ?? [], where).toEqual([]);
            expect((context.seccompProfile ?? podContext.seccompProfile)?.type, where).toBe('RuntimeDefault');
            expect(container.resources?.limits?.memory, where).toBeDefined();
          }
        }
      });

      it('pins every image to a tag other than latest', () => {
        for (const pod of renderedPods(objects)) {
          for (const container of allContainers(pod)) {
            expect(pinnedTag(container.image ?? ''), `${pod.owner} ${container.image}`).not.toBeNull();
          }
        }
      });

      it('probes the app on /healthz (startup, liveness) and /readyz (readiness) and drains on stop', () => {
        const deployment = named(ofKind(objects, 'Deployment'), fullname);
        const pod = deployment.spec?.template.spec;
        const app = pod?.containers.find((container) => container.name === 'app');
        expect(app?.startupProbe?.httpGet?.path).toBe('/healthz');
        expect(app?.livenessProbe?.httpGet?.path).toBe('/healthz');
        expect(app?.readinessProbe?.httpGet?.path).toBe('/readyz');
        // The app on 8080; Prometheus metrics on a port of their own (never the Ingress's backend).
        expect(app?.ports?.map((port) => [port.name, port.containerPort])).toEqual([
          ['http', 8080],
          ['metrics', 9090],
        ]);
        const preStop = app?.lifecycle?.preStop?.exec?.command ?? [];
        expect(preStop[0]).toBe('sleep');
        expect(pod?.terminationGracePeriodSeconds).toBeGreaterThan(Number(preStop[1]));
        const annotations = deployment.spec?.template.metadata?.annotations ?? {};
        expect(annotations['checksum/config']).toMatch(/^[a-f0-9]{64}$/);
        expect(annotations['checksum/secret']).toMatch(/^[a-f0-9]{64}$/);
      });

      it('mounts writable /tmp and /data volumes into the app', () => {
        const pod = named(ofKind(objects, 'Deployment'), fullname).spec?.template.spec;
        const app = pod?.containers.find((container) => container.name === 'app');
        expect(app?.volumeMounts?.map((mount) => mount.mountPath).sort()).toEqual(['/data', '/tmp']);
        const configMap = named(ofKind(objects, 'ConfigMap'), fullname);
        expect(configMap.data?.DATA_DIR).toBe('/data');
        const data = pod?.volumes?.find((volume) => volume.name === 'data');
        if (configMap.data?.BLOBS === 's3') expect(data?.emptyDir).toBeDefined();
        else expect(data?.persistentVolumeClaim?.claimName).toBeDefined();
      });

      it('selects the app pods with the Service, Deployment, PDB, HPA, Ingress and NetworkPolicy', () => {
        const deployment = named(ofKind(objects, 'Deployment'), fullname);
        const podLabels = deployment.spec?.template.metadata?.labels ?? {};
        expect(selects(deployment.spec?.selector.matchLabels, podLabels)).toBe(true);
        const service = named(ofKind(objects, 'Service'), fullname);
        expect(selects(service.spec?.selector, podLabels)).toBe(true);
        expect(service.spec?.ports?.[0]?.targetPort).toBe('http');
        for (const pdb of ofKind(objects, 'PodDisruptionBudget')) {
          expect(selects(pdb.spec?.selector?.matchLabels, podLabels)).toBe(true);
        }
        for (const hpa of ofKind(objects, 'HorizontalPodAutoscaler')) {
          expect(hpa.spec?.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: fullname });
          expect(deployment.spec?.replicas).toBeUndefined();
        }
        for (const ingress of ofKind(objects, 'Ingress')) {
          const backend = ingress.spec?.rules?.[0]?.http?.paths[0]?.backend.service;
          expect(backend).toEqual({ name: fullname, port: { name: 'http' } });
        }
        const policies = ofKind(objects, 'NetworkPolicy');
        if (policies.length > 0) {
          expect(selects(named(policies, fullname).spec?.podSelector.matchLabels, podLabels)).toBe(true);
        }
        // Only other pods of this release may share the app's selector.
        for (const pod of renderedPods(objects).filter((p) => p.owner !== `Deployment/${fullname}`)) {
          expect(selects(deployment.spec?.selector.matchLabels, pod.labels), pod.owner).toBe(false);
        }
      });

      it('lets each NetworkPolicy select the pods it is written for', () => {
        const pods = renderedPods(objects);
        for (const policy of ofKind(objects, 'NetworkPolicy')) {
          const selected = pods.filter((pod) => selects(policy.spec?.podSelector.matchLabels, pod.labels));
          expect(selected.length, policy.metadata?.name).toBeGreaterThan(0);
          expect(policy.spec?.policyTypes).toEqual(['Ingress', 'Egress']);
        }
      });

      it('gives the app and the migrations the same database variables (one helper)', () => {
        const pod = named(ofKind(objects, 'Deployment'), fullname).spec?.template.spec;
        const job = named(ofKind(objects, 'Job'), `${fullname}-migrate`).spec?.template.spec;
        const databaseEnv = (container: IContainer | undefined) =>
          (container?.env ?? []).filter((variable) => variable.name.startsWith('DATABASE_'));
        const app = databaseEnv(pod?.containers[0]);
        const migrate = databaseEnv(job?.containers.find((container) => container.name === 'migrate'));
        expect(app.map((variable) => variable.name)).toContain('DATABASE_URL');
        const hookSecret = ofKind(objects, 'Secret').find(
          (secret) => secret.metadata?.annotations?.['helm.sh/hook'] !== undefined,
        );
        // Identical, except that a URL given as a value comes from the hook Secret in the Job.
        const sameSecret = (env: typeof app) =>
          JSON.stringify(env).replaceAll(`"${fullname}-migrate"`, `"${fullname}"`);
        expect(sameSecret(migrate)).toBe(JSON.stringify(app));
        if (hookSecret) expect(JSON.stringify(migrate)).toContain(`"${fullname}-migrate"`);
        const initMigrate = pod?.initContainers?.find((container) => container.name === 'migrate');
        if (initMigrate) expect(databaseEnv(initMigrate)).toEqual(app);
      });

      it('runs migrations in a hook Job that needs none of the release objects', () => {
        const job = named(ofKind(objects, 'Job'), `${fullname}-migrate`);
        const annotations = job.metadata?.annotations ?? {};
        const builtin = ofKind(objects, 'StatefulSet').length > 0;
        expect(annotations['helm.sh/hook']).toBe(builtin ? 'pre-upgrade' : 'pre-install,pre-upgrade');
        expect(annotations['helm.sh/hook-delete-policy']).toContain('before-hook-creation');
        const pod = job.spec?.template.spec;
        expect(pod?.restartPolicy).toBe('Never');
        expect(pod?.serviceAccountName).toBeUndefined();
        const migrate = pod?.containers.find((container) => container.name === 'migrate');
        expect(migrate?.args).toEqual(['migrate']);
        expect(migrate?.envFrom).toBeUndefined();
        const secretNames = (migrate?.env ?? []).flatMap((env) => env.valueFrom?.secretKeyRef?.name ?? []);
        const hookSecrets = ofKind(objects, 'Secret').filter(
          (s) => s.metadata?.annotations?.['helm.sh/hook'],
        );
        const releaseSecrets = ofKind(objects, 'Secret').filter(
          (s) => !s.metadata?.annotations?.['helm.sh/hook'],
        );
        for (const name of secretNames) {
          // A release Secret is fine only before upgrades (the built-in PostgreSQL's, made at install).
          const isReleaseSecret = releaseSecrets.some((secret) => secret.metadata?.name === name);
          if (isReleaseSecret) expect(annotations['helm.sh/hook']).toBe('pre-upgrade');
          else if (hookSecrets.some((secret) => secret.metadata?.name === name)) {
            expect(named(hookSecrets, name).metadata?.annotations?.['helm.sh/hook-weight']).toBe('-10');
          }
        }
      });

      it('creates the built-in PostgreSQL as release objects, migrated by the app pods on install', () => {
        const statefulSets = ofKind(objects, 'StatefulSet');
        const deployment = named(ofKind(objects, 'Deployment'), fullname);
        const initContainers = deployment.spec?.template.spec?.initContainers ?? [];
        if (statefulSets.length === 0) {
          expect(initContainers).toEqual([]);
          return;
        }
        const postgres = named(statefulSets, `${fullname}-postgresql`);
        expect(postgres.metadata?.annotations?.['helm.sh/hook']).toBeUndefined();
        const headless = named(ofKind(objects, 'Service'), `${fullname}-postgresql`);
        expect(headless.spec?.clusterIP).toBe('None');
        expect(postgres.spec?.serviceName).toBe(headless.metadata?.name);
        const podLabels = postgres.spec?.template.metadata?.labels ?? {};
        expect(selects(headless.spec?.selector, podLabels)).toBe(true);
        expect(selects(postgres.spec?.selector.matchLabels, podLabels)).toBe(true);
        expect(postgres.spec?.volumeClaimTemplates?.[0]?.spec?.resources?.requests?.storage).toBeDefined();
        const policy = named(ofKind(objects, 'NetworkPolicy'), `${fullname}-postgresql`);
        const from = policy.spec?.ingress?.[0]?.from ?? [];
        const appLabels = deployment.spec?.template.metadata?.labels ?? {};
        expect(from.some((peer) => selects(peer.podSelector?.matchLabels, appLabels))).toBe(true);
        expect(policy.spec?.egress).toEqual([]);
        expect(initContainers.map((container) => container.name)).toEqual(['wait-for-database', 'migrate']);
        expect(initContainers[1]?.args).toEqual(['migrate']);
      });

      it('runs more than one app pod only with media every pod can reach', () => {
        const deployment = named(ofKind(objects, 'Deployment'), fullname);
        const hpa = ofKind(objects, 'HorizontalPodAutoscaler')[0];
        const maxPods = hpa ? hpa.spec?.maxReplicas : deployment.spec?.replicas;
        const blobs = named(ofKind(objects, 'ConfigMap'), fullname).data?.BLOBS;
        const claimName = deployment.spec?.template.spec?.volumes?.find((volume) => volume.name === 'data')
          ?.persistentVolumeClaim?.claimName;
        const claim = ofKind(objects, 'PersistentVolumeClaim').find(
          (pvc) => pvc.metadata?.name === claimName,
        );
        const shared = blobs === 's3' || (claim?.spec?.accessModes ?? []).includes('ReadWriteMany');
        if ((maxPods ?? 1) > 1) expect(shared).toBe(true);
        expect(deployment.spec?.strategy?.type).toBe(shared ? 'RollingUpdate' : 'Recreate');
      });

      it('takes every secret from a Secret by key, never from the ConfigMap', () => {
        const configMap = named(ofKind(objects, 'ConfigMap'), fullname);
        for (const key of ['JWT_SECRET', 'DATABASE_URL', 'AWS_SECRET_ACCESS_KEY', 'POSTGRES_PASSWORD']) {
          expect(configMap.data?.[key]).toBeUndefined();
        }
        const app = named(ofKind(objects, 'Deployment'), fullname).spec?.template.spec?.containers[0];
        const env = new Map((app?.env ?? []).map((variable) => [variable.name, variable]));
        expect(env.get('JWT_SECRET')?.valueFrom?.secretKeyRef?.key).toBeDefined();
        expect(env.get('DATABASE_URL')).toBeDefined();
      });

      it('passes the previous JWT key through from the same Secret, optional (key rotation)', () => {
        const app = named(ofKind(objects, 'Deployment'), fullname).spec?.template.spec?.containers[0];
        const env = new Map((app?.env ?? []).map((variable) => [variable.name, variable]));
        const current = env.get('JWT_SECRET')?.valueFrom?.secretKeyRef;
        expect(env.get('JWT_PREVIOUS_SECRET')?.valueFrom?.secretKeyRef).toEqual({
          name: current?.name,
          key: 'JWT_PREVIOUS_SECRET',
          optional: true,
        });
      });

      it('configures the runtime with values its own config loader accepts', () => {
        const app = named(ofKind(objects, 'Deployment'), fullname).spec?.template.spec?.containers[0];
        const env: Record<string, string> = { ...named(ofKind(objects, 'ConfigMap'), fullname).data };
        // What the kubelet would put in from Secrets, with stand-in values.
        for (const variable of app?.env ?? []) {
          if (variable.valueFrom?.secretKeyRef)
            env[variable.name] = `stand-in-${variable.name}-0123456789abcdef0123456789`;
        }
        env.DATABASE_URL = 'postgres://dating:pw@db:5432/dating';
        const config = loadLabConfig(env, { appRoot: '/app', appVersion: '0.1.0', cwd: '/app' });
        expect(config).toMatchObject({
          port: 8080,
          dataDir: '/data',
          // Forwarded headers are believed only behind the chart's own Ingress (none in the default values).
          trustProxy: ofKind(objects, 'Ingress').length > 0,
          store: { kind: 'postgres' },
        });
        expect(config.blobs.kind).toBe(env.BLOBS);
      });

      it('calls /api/health from a hardened helm test pod', () => {
        const tests = ofKind(objects, 'Pod').filter(
          (pod) => pod.metadata?.annotations?.['helm.sh/hook'] === 'test',
        );
        expect(tests).toHaveLength(1);
        const env = tests[0]?.spec?.containers[0]?.env ?? [];
        expect(env.find((variable) => variable.name === 'HEALTH_URL')?.value).toMatch(
          new RegExp(`^http://${fullname}\\.dating\\.svc:\\d+/api/health$`),
        );
      });
    });

    describe('JWT key rotation', () => {
      const secretData = (set: string[]) =>
        named(ofKind(renderChart(helmPath, { name: 'rotation', valuesFiles: [], set }), 'Secret'), fullname)
          .data as Record<string, string> | undefined;
      const b64 = (value: string) => Buffer.from(value).toString('base64');

      it('puts the previous key in the chart-made Secret while it is set, and only then', () => {
        const current = 'c'.repeat(48);
        const previous = 'p'.repeat(48);
        expect(
          secretData([`secret.jwtSecret=${current}`, `secret.jwtPreviousSecret=${previous}`]),
        ).toMatchObject({ JWT_SECRET: b64(current), JWT_PREVIOUS_SECRET: b64(previous) });
        expect(secretData([`secret.jwtSecret=${current}`])).not.toHaveProperty('JWT_PREVIOUS_SECRET');
      });
    });

    describe('trustProxy', () => {
      const trustProxyOf = (set: string[]) =>
        named(
          ofKind(renderChart(helmPath, { name: set.join(' '), valuesFiles: [], set }), 'ConfigMap'),
          fullname,
        ).data?.TRUST_PROXY;

      it('follows ingress.enabled unless set', () => {
        expect(trustProxyOf([])).toBe('false');
        expect(trustProxyOf(['ingress.enabled=true'])).toBe('true');
      });

      it('can be set either way explicitly', () => {
        expect(trustProxyOf(['config.trustProxy=true'])).toBe('true');
        expect(trustProxyOf(['ingress.enabled=true', 'config.trustProxy=false'])).toBe('false');
      });
    });

    describe('the shipped values files', () => {
      it('lab: one pod, built-in PostgreSQL and photos on local-path volumes, stock k3s Traefik with a body limit over 10 MB', () => {
        const objects = renderChart(helmPath, scenarios[1] as Scenario);
        expect(named(ofKind(objects, 'Deployment'), fullname).spec?.replicas).toBe(1);
        const postgres = named(ofKind(objects, 'StatefulSet'), `${fullname}-postgresql`);
        expect(postgres.spec?.volumeClaimTemplates?.[0]?.spec?.storageClassName).toBe('local-path');
        expect(
          named(ofKind(objects, 'PersistentVolumeClaim'), `${fullname}-data`).spec?.storageClassName,
        ).toBe('local-path');
        expect(named(ofKind(objects, 'ConfigMap'), fullname).data?.BLOBS).toBe('fs');
        const ingress = named(ofKind(objects, 'Ingress'), fullname);
        expect(ingress.spec?.ingressClassName).toBe('traefik');
        expect(ingress.metadata?.annotations).toMatchObject({
          'traefik.ingress.kubernetes.io/router.middlewares': `dating-${fullname}-body-limit@kubernetescrd`,
        });
        const middleware = objects.find((object) => object.kind === 'Middleware');
        expect(middleware?.metadata.name).toBe(`${fullname}-body-limit`);
        expect(
          (middleware?.spec as { buffering: { maxRequestBodyBytes: number } } | undefined)?.buffering
            .maxRequestBodyBytes,
        ).toBeGreaterThan(10 * 1024 * 1024);
        const policy = named(ofKind(objects, 'NetworkPolicy'), fullname);
        expect(policy.spec?.ingress?.[0]?.from?.[0]).toEqual({
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'traefik' } },
        });
      });

      it('aws: 3+ pods across zones, RDS from an existing Secret, photos in S3, ALB idle timeout', () => {
        const objects = renderChart(helmPath, scenarios[2] as Scenario);
        expect(ofKind(objects, 'StatefulSet')).toEqual([]);
        const hpa = named(ofKind(objects, 'HorizontalPodAutoscaler'), fullname);
        expect(hpa.spec?.minReplicas).toBeGreaterThanOrEqual(3);
        const deployment = named(ofKind(objects, 'Deployment'), fullname);
        const pod = deployment.spec?.template.spec;
        expect(pod?.topologySpreadConstraints?.[0]?.topologyKey).toBe('topology.kubernetes.io/zone');
        expect(pod?.topologySpreadConstraints?.[0]?.labelSelector?.matchLabels).toEqual(
          deployment.spec?.selector.matchLabels,
        );
        const databaseUrl = pod?.containers[0]?.env?.find((variable) => variable.name === 'DATABASE_URL');
        expect(databaseUrl?.valueFrom?.secretKeyRef).toEqual({ name: 'dating-rds', key: 'DATABASE_URL' });
        expect(named(ofKind(objects, 'ConfigMap'), fullname).data).toMatchObject({ BLOBS: 's3' });
        const ingress = named(ofKind(objects, 'Ingress'), fullname);
        expect(ingress.spec?.ingressClassName).toBe('alb');
        expect(
          ingress.metadata?.annotations?.['alb.ingress.kubernetes.io/load-balancer-attributes'],
        ).toContain('idle_timeout.timeout_seconds=3600');
        expect(
          ingress.metadata?.annotations?.['nginx.ingress.kubernetes.io/proxy-read-timeout'],
        ).toBeUndefined();
        expect(named(ofKind(objects, 'ConfigMap'), fullname).data?.TRUST_PROXY).toBe('true');
      });

      it('aws: the app admits the ALB subnets only, never the whole VPC', () => {
        const objects = renderChart(helmPath, scenarios[2] as Scenario);
        const policy = named(ofKind(objects, 'NetworkPolicy'), fullname);
        const peers = policy.spec?.ingress?.flatMap((rule) => rule.from ?? []) ?? [];
        const blocks = peers.flatMap((peer) => (peer.ipBlock ? [peer.ipBlock.cidr] : []));
        expect(blocks).toEqual(['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24']);
        for (const cidr of blocks) expect(Number(cidr.split('/')[1])).toBeGreaterThanOrEqual(20);
        // Everything else that may connect is a pod selector (ingress controller, helm test pod).
        expect(peers.filter((peer) => !peer.ipBlock).every((peer) => peer.podSelector)).toBe(true);
      });
    });
  },
);
