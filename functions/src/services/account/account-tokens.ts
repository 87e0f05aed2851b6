import { createHash, randomBytes } from 'node:crypto';
import {
  type AccountTokenPurpose,
  type AccountTokenRecord,
  accountTokenExpiry,
} from '../../domain/account-tokens';
import type { Deps } from '../deps';

/** The token in a link: 32 random bytes, base64url (43 characters). */
const newAccountToken = (): string => randomBytes(32).toString('base64url');

/** Only this is stored: a database leak yields no usable link. */
export const hashAccountToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * Issues a token of `purpose` for the user (about `email`, see AccountTokenRecord), replacing the user's older
 * tokens of that purpose (only the newest link works), and answers the token for the link.
 */
export async function issueAccountToken(
  deps: Deps,
  userId: string,
  purpose: AccountTokenPurpose,
  email: string | null,
): Promise<string> {
  const now = deps.clock.now();
  const token = newAccountToken();
  const record: AccountTokenRecord = {
    tokenHash: hashAccountToken(token),
    userId,
    purpose,
    email,
    createdAt: now.toISOString(),
    expiresAt: accountTokenExpiry(purpose, now),
  };
  await deps.store.accountTokens.deleteForUser(userId, purpose);
  await deps.store.accountTokens.create(record);
  return token;
}
