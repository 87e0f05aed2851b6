import { AppError } from '../../../domain/errors';
import { authenticateCaller } from '../../../services/auth/authenticate-caller';
import type { HttpMiddleware } from './types';

const challenge = { 'www-authenticate': 'Bearer' };

/** Requires `Authorization: Bearer <access token>` on routes that say `auth: true`. */
export const authenticate = (required: boolean): HttpMiddleware => ({
  before: async (request) => {
    if (!required) return;
    const header = request.event.headers?.authorization ?? '';
    const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header.trim());
    if (!match?.[1]) {
      throw new AppError('unauthorized', 'Authentication required', undefined, challenge);
    }
    const { deps } = request.context;
    try {
      request.context.caller = await authenticateCaller(deps, match[1]);
    } catch (error) {
      if (error instanceof AppError) throw new AppError(error.code, error.message, undefined, challenge);
      throw error;
    }
  },
});
