import type { Me } from '../../contract/me';
import type { UserRecord } from '../../domain/records';
import type { Deps } from '../deps';
import { pendingNotice } from '../moderation/notices';

/**
 * `account` is the caller's, as authentication read it: only the profile is left to read (and a moderation
 * decision, only when the account row says one waits to be shown).
 */
export async function getMe(deps: Deps, account: UserRecord): Promise<Me> {
  const [profile, notice] = await Promise.all([
    deps.store.profiles.get(account.id),
    pendingNotice(deps, account),
  ]);
  return {
    id: account.id,
    email: account.email,
    createdAt: account.createdAt,
    profileComplete: profile !== null,
    displayName: profile?.displayName ?? null,
    emailDeliverability: account.emailDeliverability ?? 'ok',
    role: account.role ?? 'member',
    notice,
    emailVerified: account.emailVerifiedAt !== undefined,
    pendingEmail: account.pendingEmail ?? null,
    emailVerificationRequired: deps.config.emailVerification === 'required',
  };
}
