import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { type HelmBinary, locateHelm } from '../../scripts/helm-binary';

export const chartDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dating-app');
export const RELEASE = 'dating';
export const NAMESPACE = 'dating';

/** The helm binary, or why there is none. With REQUIRE_SERVICES=1 (CI) a missing helm fails the run. */
export function helmOrSkip(): HelmBinary {
  const helm = locateHelm();
  if (!helm.available && process.env.REQUIRE_SERVICES === '1') {
    throw new Error(`REQUIRE_SERVICES=1 but helm cannot run: ${helm.reason}`);
  }
  if (!helm.available) console.warn(`Skipping the Helm chart tests: ${helm.reason}`);
  return helm;
}

export interface HelmResult {
  status: number;
  stdout: string;
  stderr: string;
}

export function runHelm(helmPath: string, args: readonly string[]): HelmResult {
  const result = spawnSync(helmPath, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}

/** A values scenario: values files of the chart (relative to it) plus `--set` overrides. */
export interface Scenario {
  name: string;
  valuesFiles: readonly string[];
  set?: readonly string[];
}

export function valuesArgs(scenario: Scenario): string[] {
  return [
    ...scenario.valuesFiles.flatMap((file) => ['-f', join(chartDir, file)]),
    ...(scenario.set ?? []).flatMap((value) => ['--set', value]),
  ];
}

export function lintChart(helmPath: string, scenario: Scenario): HelmResult {
  return runHelm(helmPath, ['lint', '--strict', chartDir, '--namespace', NAMESPACE, ...valuesArgs(scenario)]);
}

export function templateChart(helmPath: string, scenario: Scenario): HelmResult {
  return runHelm(helmPath, [
    'template',
    RELEASE,
    chartDir,
    '--namespace',
    NAMESPACE,
    ...valuesArgs(scenario),
  ]);
}

/** A rendered object: what every Kubernetes object has, the rest left to the kind-specific checks. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

/** `helm template` for the scenario, parsed; throws with helm's message when rendering fails. */
export function renderChart(helmPath: string, scenario: Scenario): KubeObject[] {
  const result = templateChart(helmPath, scenario);
  if (result.status !== 0) throw new Error(`helm template (${scenario.name}) failed:\n${result.stderr}`);
  return parseAllDocuments(result.stdout)
    .map((document) => {
      if (document.errors.length > 0)
        throw new Error(`invalid YAML rendered: ${document.errors[0]?.message}`);
      return document.toJS() as unknown;
    })
    .filter((object): object is KubeObject => isKubeObject(object));
}

function isKubeObject(value: unknown): value is KubeObject {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<KubeObject>;
  return (
    typeof candidate.apiVersion === 'string' &&
    typeof candidate.kind === 'string' &&
    typeof candidate.metadata?.name === 'string'
  );
}
