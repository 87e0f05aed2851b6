import { gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/** The lab runtime (`npm start`) serves the API, WebSocket and media on :8080; the dev server forwards to it. */
const labRuntime = process.env.LAB_RUNTIME_URL ?? 'http://localhost:8080';

/** The first page a visitor loads must stay light on a phone (issue: <= 150 KB of gzip JS for the login route). */
const LOGIN_ROUTE_BUDGET_BYTES = 150 * 1024;

/**
 * Reports the JavaScript a first visit to the login page downloads before it can render: the entry chunk, the
 * login route's lazy chunk, and everything they import statically. Fails a production build over the budget;
 * other builds (NODE_ENV=test bundles React's development build, several times larger) only report.
 * Measured in writeBundle, on the code as written: in generateBundle Vite has not yet put the preload lists
 * into the chunks, which undercounted by ~0.5 KB (functions/bench/spa-size.ts measures every route the same way).
 */
function loginRouteBudget(): Plugin {
  let production = true;
  return {
    name: 'login-route-budget',
    apply: 'build',
    configResolved(config) {
      production = config.isProduction;
    },
    writeBundle(_options, bundle) {
      const chunks = new Map(
        Object.values(bundle).flatMap((output) =>
          output.type === 'chunk' ? [[output.fileName, output]] : [],
        ),
      );
      const entry = [...chunks.values()].find((chunk) => chunk.isEntry);
      const login = [...chunks.values()].find((chunk) =>
        chunk.facadeModuleId?.replaceAll('\\', '/').endsWith('/src/app/routes/auth/login.tsx'),
      );
      if (!entry || !login) {
        this.warn('login route budget: entry or login chunk not found');
        return;
      }
      const needed = new Set<string>();
      const visit = (fileName: string) => {
        if (needed.has(fileName)) return;
        needed.add(fileName);
        for (const imported of chunks.get(fileName)?.imports ?? []) visit(imported);
      };
      visit(entry.fileName);
      visit(login.fileName);
      const bytes = [...needed].reduce(
        (total, fileName) => total + gzipSync(chunks.get(fileName)?.code ?? '', { level: 9 }).byteLength,
        0,
      );
      const kb = (value: number) => `${(value / 1024).toFixed(1)} KB`;
      const report = `login route initial JS: ${kb(bytes)} gzip in ${needed.size} files (budget ${kb(LOGIN_ROUTE_BUDGET_BYTES)})`;
      if (bytes <= LOGIN_ROUTE_BUDGET_BYTES) this.info(report);
      else if (production) this.error(report);
      else this.warn(`${report}; not enforced: this is not a production build`);
    },
  };
}

export default defineConfig({
  plugins: [react(), loginRouteBudget()],
  server: {
    proxy: {
      '/api': { target: labRuntime },
      '/media': { target: labRuntime },
      // The lab's stand-in for S3's presigned POST (photo uploads).
      '/uploads': { target: labRuntime },
      '/ws': { target: labRuntime, ws: true },
    },
  },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: their own hashed chunk stays cached across deploys.
        codeSplitting: { groups: [{ name: 'vendor', test: /[\\/]node_modules[\\/]/ }] },
      },
    },
  },
});
