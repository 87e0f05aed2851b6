import * as z from 'zod/mini';
import { CurrentPassword, Email, Password } from './auth';

/**
 * A token from a mailed link (`?token=`): 32 random bytes, base64url. Any text up to the bound is accepted and
 * looked up, so a mangled link answers `invalid_token` like an expired one.
 */
export const AccountToken = z.string().check(z.minLength(1), z.maxLength(512));

/** `POST /api/auth/verify-email`: confirms a registration's address or an email change. */
export const VerifyEmailRequest = z.strictObject({ token: AccountToken });
export const VerifyEmailResponse = z.object({ email: z.string(), emailVerified: z.literal(true) });
export type VerifyEmailResponse = z.infer<typeof VerifyEmailResponse>;

/** `POST /api/auth/password-reset`. */
export const PasswordResetRequest = z.strictObject({ email: Email });

/** `POST /api/auth/password-reset/confirm`: the new password follows the registration policy. */
export const PasswordResetConfirmRequest = z.strictObject({ token: AccountToken, newPassword: Password });

/** `PUT /api/me/email`: re-authenticated by the current password. */
export const EmailChangeRequest = z.strictObject({ newEmail: Email, password: CurrentPassword });
export const EmailChangeResponse = z.object({ pendingEmail: z.string() });
export type EmailChangeResponse = z.infer<typeof EmailChangeResponse>;
