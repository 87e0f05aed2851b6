import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * The workflows, checked offline: the GitHub workflow JSON schema (SchemaStore's, inside
 * @action-validator/core's WebAssembly build; actionlint itself cannot be installed from npm or Debian here),
 * then what each must do.
 */
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const { validateWorkflow } = require('@action-validator/core') as {
  validateWorkflow(source: string): { errors: { code: string; path?: string; title: string }[] };
};
const read = (path: string) => readFileSync(join(repoRoot, path), 'utf8');

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, { uses?: string; steps?: Step[]; permissions?: Record<string, string> }>;
}

const workflows = ['.github/workflows/ci.yml', '.github/workflows/release.yml'];
const load = (path: string) => parse(read(path)) as Workflow;
const steps = (workflow: Workflow) => Object.values(workflow.jobs).flatMap((job) => job.steps ?? []);
const scripts = (workflow: Workflow) =>
  steps(workflow)
    .map((step) => step.run ?? '')
    .join('\n');

describe('GitHub workflows', () => {
  it('rejects a broken workflow (the schema check is live)', () => {
    expect(validateWorkflow('on: push\njobs:\n  x:\n    runs-on: 3\n').errors.length).toBeGreaterThan(0);
  });

  it.each(workflows)('%s matches the GitHub workflow schema', (path) => {
    expect(validateWorkflow(read(path)).errors).toEqual([]);
  });

  it.each(workflows)('%s pins every action to a release and starts from read-only permissions', (path) => {
    const workflow = load(path);
    expect(workflow.permissions).toEqual({ contents: 'read' });
    for (const step of steps(workflow)) {
      if (step.uses !== undefined) expect(step.uses).toMatch(/^[\w.-]+\/[\w.-]+@v\d+$/);
    }
  });

  it('ci.yml runs .ci/run on pushes and pull requests, and builds and smoke-tests the image', () => {
    const ci = load('.github/workflows/ci.yml');
    expect(Object.keys(ci.on)).toEqual(expect.arrayContaining(['push', 'pull_request', 'workflow_call']));
    const run = scripts(ci);
    expect(run).toMatch(/^\.ci\/run$/m);
    expect(run).toContain('.ci/image-smoke.sh');
  });

  it('release.yml, on a version tag: multi-arch image to GHCR, chart as OCI, cdk synth templates and a changelog on the release', () => {
    const release = load('.github/workflows/release.yml');
    expect(release.on).toEqual({ push: { tags: ['v[0-9]+.[0-9]+.[0-9]+*'] } });
    expect(release.jobs.test?.uses).toBe('./.github/workflows/ci.yml');
    const build = steps(release).find((step) => step.uses?.startsWith('docker/build-push-action@'));
    expect(build?.with?.platforms).toBe('linux/amd64,linux/arm64');
    expect(build?.with?.push).toBe(true);
    const run = scripts(release);
    expect(run).toMatch(/IMAGE=ghcr\.io\/\$\{GITHUB_REPOSITORY,,\}/);
    expect(run).toMatch(/helm -- package helm\/dating-app/);
    expect(run).toMatch(/helm -- push .*"\$CHART_REPO"/);
    expect(run).toContain('CHART_REPO=oci://ghcr.io/');
    expect(run).toMatch(/cdk synth --all -c stage=prod/);
    expect(run).toContain('git log --no-merges');
    expect(run).toMatch(/gh release create[\s\S]*cloudformation-/);
    expect(release.jobs.publish?.permissions).toEqual({ contents: 'write', packages: 'write' });
  });

  it("points the chart's default image at what the release publishes: ghcr.io/<the repository>, tag = appVersion", () => {
    const chart = parse(read('helm/dating-app/Chart.yaml')) as { sources: string[]; appVersion: string };
    const repository = new URL(chart.sources[0] ?? '').pathname.slice(1).toLowerCase();
    const values = parse(read('helm/dating-app/values.yaml')) as {
      image: { repository: string; tag: string };
    };
    expect(values.image.repository).toBe(`ghcr.io/${repository}`);
    expect(values.image.tag).toBe('');
    expect(chart.appVersion).toBe((JSON.parse(read('package.json')) as { version: string }).version);
  });
});
