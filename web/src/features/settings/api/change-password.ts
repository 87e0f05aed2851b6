import type { PasswordChangeRequest } from '@dating/functions/contract';
import { useMutation } from '@tanstack/react-query';
import type * as z from 'zod/mini';
import { api } from '../../../lib/api-client';
import type { MutationConfig } from '../../../lib/react-query';

export type ChangePasswordInput = z.input<typeof PasswordChangeRequest>;

/**
 * Changes the password; the server logs out every other session and keeps this one. A wrong current password
 * is `401 invalid_credentials`, which the API client does not treat as a lost session.
 */
export const changePassword = (input: ChangePasswordInput): Promise<void> =>
  api.request('POST', '/api/auth/password', { body: input });

export const useChangePassword = ({
  mutationConfig,
}: {
  mutationConfig?: MutationConfig<typeof changePassword>;
} = {}) => useMutation({ ...mutationConfig, mutationFn: changePassword });
