/**
 * Single-use account tokens: the secret in a mail's link that proves the reader holds the address (email
 * verification, an email change) or may set a new password (password reset). Only a hash is stored.
 */
export const accountTokenPurposes = ['email_verification', 'password_reset', 'email_change'] as const;
export type AccountTokenPurpose = (typeof accountTokenPurposes)[number];

/**
 * How long a link works. A reset link is short-lived (it hands over the account); confirming an address can
 * wait for a day (mail is slow, people read it later).
 */
export const ACCOUNT_TOKEN_TTL_SECONDS: Record<AccountTokenPurpose, number> = {
  email_verification: 24 * 3600,
  password_reset: 30 * 60,
  email_change: 24 * 3600,
};

export interface AccountTokenRecord {
  /** SHA-256 of the token, hex: the token itself is never stored. */
  tokenHash: string;
  userId: string;
  purpose: AccountTokenPurpose;
  /**
   * The address the token is about: the one to verify (the account's address when it was issued) or the new
   * address of an email change. Null for a password reset.
   */
  email: string | null;
  createdAt: string;
  expiresAt: string;
}

/** When a token of `purpose` issued at `now` stops working. */
export const accountTokenExpiry = (purpose: AccountTokenPurpose, now: Date): string =>
  new Date(now.getTime() + ACCOUNT_TOKEN_TTL_SECONDS[purpose] * 1000).toISOString();

/** `EMAIL_VERIFICATION`: `required` keeps unverified accounts from reaching others; `off` only reports it. */
export const emailVerificationModes = ['required', 'off'] as const;
export type EmailVerificationMode = (typeof emailVerificationModes)[number];

/**
 * The public origin links in mail point to (`PUBLIC_ORIGIN`): an http(s) origin, no path, query or
 * credentials; the canonical form (`new URL(...).origin`), or null when the value is not one.
 */
export function parsePublicOrigin(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  const plain =
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    url.username === '' &&
    url.password === '' &&
    url.pathname === '/' &&
    url.search === '' &&
    url.hash === '';
  return plain ? url.origin : null;
}
