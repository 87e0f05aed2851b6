import type { BlockPage } from '@dating/functions/contract';
import { type InfiniteData, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import type { MutationConfig } from '../../../lib/react-query';
import { refreshAfterSafetyChange } from './invalidate-relations';

/** Lifts the caller's block. Ended matches stay ended; the person may show up in discovery again. */
export const unblockUser = (userId: string): Promise<void> =>
  api.request('DELETE', `/api/blocks/${encodeURIComponent(userId)}`);

export const useUnblockUser = ({
  mutationConfig,
}: {
  mutationConfig?: MutationConfig<typeof unblockUser>;
} = {}) => {
  const queryClient = useQueryClient();
  return useMutation({
    ...mutationConfig,
    mutationFn: unblockUser,
    onSuccess: (...args) => {
      const userId = args[1];
      queryClient.setQueryData<InfiniteData<BlockPage>>(queryKeys.blocks, (data) =>
        data
          ? {
              ...data,
              pages: data.pages.map((page) => ({
                ...page,
                items: page.items.filter((block) => block.userId !== userId),
              })),
            }
          : data,
      );
      refreshAfterSafetyChange(queryClient, userId);
      return mutationConfig?.onSuccess?.(...args);
    },
  });
};
