import * as z from 'zod/mini';
import { Id } from './common';

export const Email = z.pipe(
  z.string().check(z.maxLength(254)),
  z.pipe(
    z.transform((value: string) => value.trim().toLowerCase()),
    z.email(),
  ),
);

/** A new password's length in characters (the server also refuses common ones and the account's email). */
export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 128;

export const Password = z.string().check(z.minLength(MIN_PASSWORD_LENGTH), z.maxLength(MAX_PASSWORD_LENGTH));

/** The longest password a form may submit to be checked (login, confirmations), so a long guess is just wrong. */
export const MAX_PASSWORD_INPUT_LENGTH = 1024;

/** A password the server checks against the stored hash: any non-empty text up to the input limit. */
export const CurrentPassword = z.string().check(z.minLength(1), z.maxLength(MAX_PASSWORD_INPUT_LENGTH));

export const Credentials = z.strictObject({ email: Email, password: Password });
export type Credentials = z.infer<typeof Credentials>;

/** Login accepts any non-empty password so that a too-short guess gets `invalid_credentials`, not a hint. */
export const LoginRequest = z.strictObject({
  email: Email,
  password: CurrentPassword,
});

export const PublicUser = z.object({ id: Id, email: z.string() });

export const AuthResponse = z.object({ user: PublicUser, accessToken: z.string() });
export type AuthResponse = z.infer<typeof AuthResponse>;

export const RefreshResponse = z.object({ accessToken: z.string() });

export const PasswordChangeRequest = z.strictObject({
  currentPassword: CurrentPassword,
  newPassword: Password,
});
