import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The lab runtime (`npm start`) serves the API, WebSocket and media on :8080; the dev server forwards to it. */
const labRuntime = process.env.LAB_RUNTIME_URL ?? 'http://localhost:8080';

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/api': { target: labRuntime },
      '/media': { target: labRuntime },
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
