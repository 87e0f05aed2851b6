import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * Bundles the lab runtime into functions/dist/lab/main.js (`npm run build -w functions`; `npm start` runs
 * it after building the web app). Dependencies stay external and load from node_modules at run time,
 * which keeps the build well under a second; the Lambda bundles are the CDK app's business.
 */
const functionsDir = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${functionsDir}dist/lab`;
const started = performance.now();

await rm(outdir, { recursive: true, force: true });
const result = await build({
  entryPoints: { main: `${functionsDir}src/runtime/lab/main.ts` },
  outdir,
  bundle: true,
  // main.js switches source maps on, then imports the rest: that dynamic import becomes its own chunk.
  splitting: true,
  chunkNames: '[name]-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  packages: 'external',
  // Bundled ESM has no `require`; CommonJS code pulled in (or interop shims) may still call it.
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
  logLevel: 'warning',
  metafile: true,
});

const bytes = Object.entries(result.metafile.outputs)
  .filter(([file]) => file.endsWith('.js'))
  .reduce((sum, [, output]) => sum + output.bytes, 0);
console.log(
  `built ${outdir}/main.js (${(bytes / 1024).toFixed(0)} KB of JavaScript) in ${Math.round(performance.now() - started)} ms`,
);
