import { Deployment, type IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import { type IStatefulSet, StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import {
  HorizontalPodAutoscaler,
  type IHorizontalPodAutoscaler,
} from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { CronJob, type ICronJob } from 'kubernetes-models/batch/v1/CronJob';
import { type IJob, Job } from 'kubernetes-models/batch/v1/Job';
import { type IIngress, Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { type INetworkPolicy, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import {
  type IPodDisruptionBudget,
  PodDisruptionBudget,
} from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap, type IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import {
  type IPersistentVolumeClaim,
  PersistentVolumeClaim,
} from 'kubernetes-models/v1/PersistentVolumeClaim';
import { type IPod, Pod } from 'kubernetes-models/v1/Pod';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import { type ISecret, Secret } from 'kubernetes-models/v1/Secret';
import { type IService, Service } from 'kubernetes-models/v1/Service';
import { type IServiceAccount, ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import type { KubeObject } from './chart';

/** Any kubernetes-models class: built from the object's data, `validate()` throws on a schema error. */
type ModelClass = new (data: never) => { validate(): void };

/** Every built-in kind the chart may render: its apiVersion, validator and TypeScript shape. */
interface KindMap {
  ConfigMap: IConfigMap;
  CronJob: ICronJob;
  Deployment: IDeployment;
  HorizontalPodAutoscaler: IHorizontalPodAutoscaler;
  Ingress: IIngress;
  Job: IJob;
  NetworkPolicy: INetworkPolicy;
  PersistentVolumeClaim: IPersistentVolumeClaim;
  Pod: IPod;
  PodDisruptionBudget: IPodDisruptionBudget;
  Secret: ISecret;
  Service: IService;
  ServiceAccount: IServiceAccount;
  StatefulSet: IStatefulSet;
}
type Kind = keyof KindMap;

const models: { [K in Kind]: { apiVersion: KindMap[K]['apiVersion']; model: ModelClass } } = {
  ConfigMap: { apiVersion: 'v1', model: ConfigMap },
  CronJob: { apiVersion: 'batch/v1', model: CronJob },
  Deployment: { apiVersion: 'apps/v1', model: Deployment },
  HorizontalPodAutoscaler: { apiVersion: 'autoscaling/v2', model: HorizontalPodAutoscaler },
  Ingress: { apiVersion: 'networking.k8s.io/v1', model: Ingress },
  Job: { apiVersion: 'batch/v1', model: Job },
  NetworkPolicy: { apiVersion: 'networking.k8s.io/v1', model: NetworkPolicy },
  PersistentVolumeClaim: { apiVersion: 'v1', model: PersistentVolumeClaim },
  Pod: { apiVersion: 'v1', model: Pod },
  PodDisruptionBudget: { apiVersion: 'policy/v1', model: PodDisruptionBudget },
  Secret: { apiVersion: 'v1', model: Secret },
  Service: { apiVersion: 'v1', model: Service },
  ServiceAccount: { apiVersion: 'v1', model: ServiceAccount },
  StatefulSet: { apiVersion: 'apps/v1', model: StatefulSet },
};

const isKind = (kind: string): kind is Kind => Object.hasOwn(models, kind);

/**
 * Custom resources the chart renders when asked (kubernetes-models has no validator for them): their
 * apiVersion and the spec fields they must have.
 */
const customResources: Record<string, { apiVersion: string; specFields: string[] }> = {
  Middleware: { apiVersion: 'traefik.io/v1alpha1', specFields: [] },
  HTTPRoute: { apiVersion: 'gateway.networking.k8s.io/v1', specFields: ['parentRefs', 'rules'] },
  ServiceMonitor: { apiVersion: 'monitoring.coreos.com/v1', specFields: ['selector', 'endpoints'] },
};

/** Validates the object against the Kubernetes OpenAPI schema of its kind; throws naming the object. */
export function validateKubeObject(object: KubeObject): void {
  const id = `${object.apiVersion} ${object.kind} ${object.metadata.name}`;
  const custom = customResources[object.kind];
  if (custom !== undefined) {
    const spec = object.spec as Record<string, unknown> | undefined;
    if (object.apiVersion !== custom.apiVersion) throw new Error(`${id}: expected ${custom.apiVersion}`);
    if (typeof spec !== 'object' || spec === null) throw new Error(`${id}: no spec`);
    for (const field of custom.specFields)
      if (!(field in spec)) throw new Error(`${id}: spec.${field} missing`);
    return;
  }
  const entry = isKind(object.kind) ? models[object.kind] : undefined;
  if (entry === undefined || entry.apiVersion !== object.apiVersion) {
    throw new Error(`${id}: not a built-in kind this chart is expected to render`);
  }
  try {
    new entry.model(object as never).validate();
  } catch (error) {
    throw new Error(`${id}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The rendered objects of one kind, typed. Only for objects that passed validateKubeObject. */
export function ofKind<K extends Kind>(objects: readonly KubeObject[], kind: K): KindMap[K][] {
  return objects
    .filter((object) => object.kind === kind && object.apiVersion === models[kind].apiVersion)
    .map((object) => object as unknown as KindMap[K]);
}

export function named<T extends { metadata?: { name?: string } }>(objects: readonly T[], name: string): T {
  const found = objects.find((object) => object.metadata?.name === name);
  if (found === undefined) throw new Error(`no object named ${name}`);
  return found;
}

/** Every pod the chart can start: workload templates and bare Pods (helm test). */
export interface RenderedPod {
  owner: string;
  labels: Record<string, string>;
  spec: IPodSpec;
}

export function renderedPods(objects: readonly KubeObject[]): RenderedPod[] {
  const pods: RenderedPod[] = [];
  const add = (owner: string, labels: Record<string, string> | undefined, spec: IPodSpec | undefined) => {
    if (spec === undefined) throw new Error(`${owner} has no pod spec`);
    pods.push({ owner, labels: labels ?? {}, spec });
  };
  for (const d of ofKind(objects, 'Deployment')) {
    add(`Deployment/${d.metadata?.name}`, d.spec?.template.metadata?.labels, d.spec?.template.spec);
  }
  for (const s of ofKind(objects, 'StatefulSet')) {
    add(`StatefulSet/${s.metadata?.name}`, s.spec?.template.metadata?.labels, s.spec?.template.spec);
  }
  for (const j of ofKind(objects, 'Job')) {
    add(`Job/${j.metadata?.name}`, j.spec?.template.metadata?.labels, j.spec?.template.spec);
  }
  for (const p of ofKind(objects, 'Pod')) add(`Pod/${p.metadata?.name}`, p.metadata?.labels, p.spec);
  return pods;
}

/** Does `selector` (matchLabels) select a pod with `labels`? An empty selector selects nothing here. */
export function selects(
  selector: Record<string, string> | undefined,
  labels: Record<string, string>,
): boolean {
  const entries = Object.entries(selector ?? {});
  return entries.length > 0 && entries.every(([key, value]) => labels[key] === value);
}
