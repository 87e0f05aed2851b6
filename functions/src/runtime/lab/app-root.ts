import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder that holds the `functions` workspace: the repository root in a checkout, the app folder in
 * the image. Default paths (`.data`, `web/dist`) hang off it rather than off the working directory,
 * because `npm run serve -w functions` runs with cwd = functions/ while `npm start` is typed at the root.
 * It is found from where this code lives (functions/src/runtime/lab or, bundled, functions/dist/lab);
 * code that does not live under a `functions` folder falls back to the working directory.
 */
export function findAppRoot(moduleUrl: string = import.meta.url, fallback: string = process.cwd()): string {
  let dir = dirname(fileURLToPath(moduleUrl));
  for (;;) {
    if (basename(dir) === 'functions') return dirname(dir);
    const parent = dirname(dir);
    if (parent === dir) return fallback;
    dir = parent;
  }
}

/** The product version from the root package.json (or the functions one in a slim image). */
export function readAppVersion(appRoot: string): string {
  for (const file of [join(appRoot, 'package.json'), join(appRoot, 'functions', 'package.json')]) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
      if (
        typeof parsed === 'object' &&
        parsed !== null &&
        'version' in parsed &&
        typeof parsed.version === 'string'
      ) {
        return parsed.version;
      }
    } catch {
      // missing or unreadable: try the next one
    }
  }
  return '0.0.0-unknown';
}

/**
 * Relative paths in the environment are meant relative to where the user typed the command: npm keeps
 * that folder in INIT_CWD even when it runs a workspace script in the workspace folder.
 */
export const invocationDir = (env: Record<string, string | undefined>): string =>
  env.INIT_CWD || process.cwd();
