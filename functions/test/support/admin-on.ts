import { createJsonLogger } from '../../src/adapters/log/json-logger';
import type { Store } from '../../src/ports/repositories';
import { runAdminCommand } from '../../src/runtime/lab/admin-command';

/**
 * Runs the admin command (`npm run admin -- <args>`) on a store and answers what it printed. Its own module:
 * the API targets, the Lambda harness and the rehearsal target all use it, and api-targets.ts imports the
 * other two (a cycle through it left the rehearsal target undefined).
 */
export async function adminOn(store: Store, args: readonly string[]): Promise<string> {
  const lines: string[] = [];
  await runAdminCommand(store, args, createJsonLogger({ level: 'error' }), (line) => lines.push(line));
  return lines.join('\n');
}
