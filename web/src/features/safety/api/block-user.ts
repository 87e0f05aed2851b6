import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import type { MutationConfig } from '../../../lib/react-query';
import { refreshAfterSafetyChange } from './invalidate-relations';

/** Neither sees the other any more (discovery, matches, profiles); an active match ends. */
export const blockUser = (userId: string): Promise<void> =>
  api.request('POST', '/api/blocks', { body: { userId } });

export const useBlockUser = ({
  mutationConfig,
}: {
  mutationConfig?: MutationConfig<typeof blockUser>;
} = {}) => {
  const queryClient = useQueryClient();
  return useMutation({
    ...mutationConfig,
    mutationFn: blockUser,
    onSuccess: (...args) => {
      refreshAfterSafetyChange(queryClient, args[1]);
      return mutationConfig?.onSuccess?.(...args);
    },
  });
};
