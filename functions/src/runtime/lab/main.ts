/**
 * The lab runtime's entry, bundled to functions/dist/lab/main.js:
 *   node dist/lab/main.js           serve (the default)
 *   node dist/lab/main.js migrate   apply migrations and exit (the chart's migration Job)
 *   node dist/lab/main.js admin grant <email> moderator | admin revoke <email>   change a role and exit
 * Configuration comes from the environment (config.ts). Defaults for DATA_DIR and WEB_DIR hang off the
 * folder that holds `functions/` (app-root.ts), so `npm start` at the repo root and `npm run serve -w
 * functions` use the same ./.data and ./web/dist.
 *
 * Node maps stack traces only for code loaded after source maps are switched on, so this file does that
 * and nothing else, and the rest arrives through a dynamic import (a separate chunk in the bundle).
 */
process.setSourceMapsEnabled(true);
await import('./lab-command');

export {};
