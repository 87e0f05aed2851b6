import { AuthResponse, type LoginRequest } from '@dating/functions/contract';
import { useMutation } from '@tanstack/react-query';
import type * as z from 'zod/mini';
import { api } from '../../../lib/api-client';
import type { MutationConfig } from '../../../lib/react-query';
import { session } from '../../../lib/session';

export type LoginInput = z.input<typeof LoginRequest>;

export const loginWithPassword = (input: LoginInput): Promise<AuthResponse> =>
  api.request('POST', '/api/auth/login', { body: input, schema: AuthResponse, authenticated: false });

/** Logs in and starts the session; the routes then leave the login page. */
export const useLogin = ({
  mutationConfig,
}: {
  mutationConfig?: MutationConfig<typeof loginWithPassword>;
} = {}) =>
  useMutation({
    ...mutationConfig,
    mutationFn: loginWithPassword,
    onSuccess: (...args) => {
      session.signIn(args[0].accessToken, 'login');
      return mutationConfig?.onSuccess?.(...args);
    },
  });
