import {
  CurrentPassword,
  Password,
  type PasswordResetConfirmRequest,
  type PasswordResetRequest,
} from '@dating/functions/contract';
import { useMutation } from '@tanstack/react-query';
import * as z from 'zod/mini';
import { api } from '../../../lib/api-client';
import type { MutationConfig } from '../../../lib/react-query';
import { session } from '../../../lib/session';

export type PasswordResetInput = z.input<typeof PasswordResetRequest>;
export type PasswordResetConfirmationInput = z.input<typeof PasswordResetConfirmRequest>;

/** The reset form: the new password twice, so a typo does not lock the user out again. */
export const NewPasswordForm = z.strictObject({ newPassword: Password, repeatPassword: CurrentPassword });

/**
 * Asks for a reset link. The server answers 202 whether or not an account has that address (it tells no one
 * who has an account), so the page says the same thing in both cases.
 */
export const requestPasswordReset = (input: PasswordResetInput): Promise<void> =>
  api.request('POST', '/api/auth/password-reset', { body: input, authenticated: false });

/** Sets a new password with a link's token; every session of the account ends (204). */
export const confirmPasswordReset = (input: PasswordResetConfirmationInput): Promise<void> =>
  api.request('POST', '/api/auth/password-reset/confirm', { body: input, authenticated: false });

export const useRequestPasswordReset = ({
  mutationConfig,
}: {
  mutationConfig?: MutationConfig<typeof requestPasswordReset>;
} = {}) => useMutation({ ...mutationConfig, mutationFn: requestPasswordReset });

/** The server ends every session of the account, this browser's too: forget it here so the login page shows. */
export const useConfirmPasswordReset = ({
  mutationConfig,
}: {
  mutationConfig?: MutationConfig<typeof confirmPasswordReset>;
} = {}) =>
  useMutation({
    ...mutationConfig,
    mutationFn: confirmPasswordReset,
    onSuccess: (...args) => {
      session.clear();
      return mutationConfig?.onSuccess?.(...args);
    },
  });
