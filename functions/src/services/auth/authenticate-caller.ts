import { AppError } from '../../domain/errors';
import { standingOf } from '../../domain/moderation';
import type { UserRecord } from '../../domain/records';
import type { Deps } from '../deps';
import { type AccessClaims, verifyAccessToken } from './access-tokens';

/** Who is calling: the token's claims and the account row authentication read, for the rest of the request. */
export interface Caller extends AccessClaims {
  /** Active when the request began; services needing the caller's account use it instead of reading it again. */
  account: UserRecord;
}

/**
 * A valid signature is not enough: the account must still exist and be active, so an access token dies with
 * its account (deletion, suspension) instead of living out its 15 minutes. One key read per request, whose
 * row the request keeps (`GET /api/me` answers from it).
 */
export async function authenticateCaller(deps: Deps, token: string): Promise<Caller> {
  const claims = await verifyAccessToken(deps.config.auth, token, deps.clock.now());
  const now = deps.clock.now();
  const account = await deps.store.users.findById(claims.userId);
  // A suspension that has run out counts as active: access comes back by itself.
  if (!account || standingOf(account, now).status !== 'active')
    throw new AppError('unauthorized', 'This account no longer exists or is suspended');
  return { ...claims, account };
}
