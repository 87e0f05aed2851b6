import { AuthResponse, type Credentials } from '@dating/functions/contract';
import { useMutation } from '@tanstack/react-query';
import type * as z from 'zod/mini';
import { api } from '../../../lib/api-client';
import type { MutationConfig } from '../../../lib/react-query';
import { session } from '../../../lib/session';

export type RegisterInput = z.input<typeof Credentials>;

export const registerAccount = (input: RegisterInput): Promise<AuthResponse> =>
  api.request('POST', '/api/auth/register', { body: input, schema: AuthResponse, authenticated: false });

/** Creates the account and starts the session; a new account goes on to onboarding. */
export const useRegister = ({
  mutationConfig,
}: {
  mutationConfig?: MutationConfig<typeof registerAccount>;
} = {}) =>
  useMutation({
    ...mutationConfig,
    mutationFn: registerAccount,
    onSuccess: (...args) => {
      session.signIn(args[0].accessToken, 'register');
      return mutationConfig?.onSuccess?.(...args);
    },
  });
