import type { MatchPage } from '@dating/functions/contract';
import { type InfiniteData, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import type { MutationConfig } from '../../../lib/react-query';

/** Ends the match for both; the conversation closes. */
export const unmatch = (matchId: string): Promise<void> =>
  api.request('DELETE', `/api/matches/${encodeURIComponent(matchId)}`);

export const useUnmatch = ({ mutationConfig }: { mutationConfig?: MutationConfig<typeof unmatch> } = {}) => {
  const queryClient = useQueryClient();
  return useMutation({
    ...mutationConfig,
    mutationFn: unmatch,
    onSuccess: (...args) => {
      const matchId = args[1];
      queryClient.setQueryData<InfiniteData<MatchPage>>(queryKeys.matches.list, (data) =>
        data
          ? {
              ...data,
              pages: data.pages.map((page) => ({
                ...page,
                items: page.items.filter((match) => match.matchId !== matchId),
              })),
            }
          : data,
      );
      queryClient.removeQueries({ queryKey: queryKeys.matches.one(matchId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.matches.list });
      return mutationConfig?.onSuccess?.(...args);
    },
  });
};
