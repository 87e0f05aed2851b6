import { VerifyEmailResponse } from '@dating/functions/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import type { MutationConfig } from '../../../lib/react-query';

/**
 * Confirms an address with a mailed link's token: a registration's address or an email change's new one (the
 * token knows which). No session needed: the link may be opened in another browser.
 */
export const verifyEmail = (token: string): Promise<VerifyEmailResponse> =>
  api.request('POST', '/api/auth/verify-email', {
    body: { token },
    schema: VerifyEmailResponse,
    authenticated: false,
  });

/** On success, `me` (verified, pending address, banner) is loaded again. */
export const useVerifyEmail = ({
  mutationConfig,
}: {
  mutationConfig?: MutationConfig<typeof verifyEmail>;
} = {}) => {
  const queryClient = useQueryClient();
  return useMutation({
    ...mutationConfig,
    mutationFn: verifyEmail,
    onSuccess: (...args) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.me });
      return mutationConfig?.onSuccess?.(...args);
    },
  });
};
