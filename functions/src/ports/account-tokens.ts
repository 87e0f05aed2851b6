import type { AccountTokenPurpose, AccountTokenRecord } from '../domain/account-tokens';

/**
 * Single-use account tokens by hash (PostgreSQL: `account_tokens`; DynamoDB: one item per token, TTL). Erasure
 * removes a user's tokens with the account (`UserRepository.eraseUser`).
 */
export interface AccountTokenRepository {
  create(token: AccountTokenRecord): Promise<void>;
  /** The token if it exists, has one of `purposes` and has not expired at `at`; null otherwise. Changes nothing. */
  find(
    tokenHash: string,
    purposes: readonly AccountTokenPurpose[],
    at: string,
  ): Promise<AccountTokenRecord | null>;
  /**
   * Uses the token up: atomically removes it when it exists, has one of `purposes` and has not expired at `at`,
   * and answers it; null otherwise. Of two concurrent calls for one token at most one gets it.
   */
  consume(
    tokenHash: string,
    purposes: readonly AccountTokenPurpose[],
    at: string,
  ): Promise<AccountTokenRecord | null>;
  /** The user's tokens that still work at `at`, oldest first (the export). */
  listPending(userId: string, at: string): Promise<AccountTokenRecord[]>;
  /** Removes every token of the user with `purpose` (a newer link or a new password replaces older links). */
  deleteForUser(userId: string, purpose: AccountTokenPurpose): Promise<void>;
}
