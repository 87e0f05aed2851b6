import type { Me } from '../../contract/me';
import type { UserRecord } from '../../domain/records';
import type { Deps } from '../deps';

/** `account` is the caller's, as authentication read it: only the profile is left to read. */
export async function getMe(deps: Deps, account: UserRecord): Promise<Me> {
  const profile = await deps.store.profiles.get(account.id);
  return {
    id: account.id,
    email: account.email,
    createdAt: account.createdAt,
    profileComplete: profile !== null,
    displayName: profile?.displayName ?? null,
    emailDeliverability: account.emailDeliverability ?? 'ok',
    emailVerified: account.emailVerifiedAt !== undefined,
    pendingEmail: account.pendingEmail ?? null,
    emailVerificationRequired: deps.config.emailVerification === 'required',
  };
}
