import { AppError } from '../../domain/errors';
import type { Deps } from '../deps';
import { type AccessClaims, verifyAccessToken } from './access-tokens';

/**
 * A valid signature is not enough: the account must still exist and be active, so an access token dies with
 * its account (deletion, suspension) instead of living out its 15 minutes. One key read per request.
 */
export async function authenticateCaller(deps: Deps, token: string): Promise<AccessClaims> {
  const claims = await verifyAccessToken(deps.config.auth, token, deps.clock.now());
  const user = await deps.store.users.findById(claims.userId);
  if (user?.status !== 'active')
    throw new AppError('unauthorized', 'This account no longer exists or is suspended');
  return claims;
}
