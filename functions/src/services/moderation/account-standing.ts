import { AppError } from '../../domain/errors';
import { standingOf } from '../../domain/moderation';
import type { UserRecord } from '../../domain/records';
import type { Deps } from '../deps';
import { bannedEmailHash, bannedEmailHashes } from './moderation-keys';
import { restrictionNotice } from './notices';

/**
 * Whether the address was banned. A hit under the previous key (during a key rotation) is stored again under
 * the current one, so the ban outlives the rotation.
 */
export async function isBannedAddress(deps: Deps, email: string): Promise<boolean> {
  const [current, ...previous] = bannedEmailHashes(deps.config.auth, email);
  if (current !== undefined && (await deps.store.moderation.isEmailBanned(current))) return true;
  for (const hash of previous) {
    if (await deps.store.moderation.isEmailBanned(hash)) {
      await deps.store.moderation.banEmail(
        bannedEmailHash(deps.config.auth, email),
        deps.clock.now().toISOString(),
      );
      return true;
    }
  }
  return false;
}

/**
 * A correct password of a suspended or banned account: 403 `account_suspended` (with the end date) or
 * `account_banned`, each with the notice (what happened, and an appeal token). A suspension that has run out
 * is lifted here: the account is active again and the profile shows again.
 */
export async function refuseRestrictedLogin(deps: Deps, user: UserRecord): Promise<void> {
  const standing = standingOf(user, deps.clock.now());
  if (standing.status === 'active') {
    if (user.status === 'suspended') {
      await deps.store.moderation.setStatus(user.id, 'active', null);
      const profile = await deps.store.profiles.get(user.id);
      if (profile?.visibility === 'restricted') await deps.store.moderation.setVisibility(user.id, null);
    }
    return;
  }
  const notice = await restrictionNotice(deps, user);
  if (standing.status === 'banned') {
    throw new AppError('account_banned', 'This account has been banned', { notice });
  }
  throw new AppError('account_suspended', `This account is suspended until ${standing.until}`, {
    until: standing.until,
    notice,
  });
}
