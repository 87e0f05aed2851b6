import type { Deps } from '../../../services/deps';
import type { HttpMiddleware } from './types';

/** Deps come from the runtime (built once per process), never from module scope: tests can replace them. */
export const injectDeps = (getDeps: () => Promise<Deps>): HttpMiddleware => ({
  before: async (request) => {
    request.context.deps = await getDeps();
  },
});
