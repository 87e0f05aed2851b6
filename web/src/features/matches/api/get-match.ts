import type { MatchPage, MatchSummary } from '@dating/functions/contract';
import { type InfiniteData, queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../../../lib/api-error';
import { queryKeys } from '../../../lib/query-keys';
import { getMatches } from './get-matches';

const matchNotFound = () => new ApiError(404, 'not_found', 'This match has ended or does not exist.');

/**
 * One of the caller's matches. The API has no `GET /api/matches/{id}`, so this walks the pages of the list
 * (largest pages, few requests) until the match turns up; usually it is already in the cached list.
 */
export async function findMatch(matchId: string, signal?: AbortSignal): Promise<MatchSummary> {
  let cursor: string | null = null;
  do {
    const page: MatchPage = await getMatches({ cursor, limit: 50 }, signal);
    const found = page.items.find((match) => match.matchId === matchId);
    if (found) return found;
    cursor = page.nextCursor;
  } while (cursor);
  throw matchNotFound();
}

export const getMatchQueryOptions = (matchId: string) =>
  queryOptions({
    queryKey: queryKeys.matches.one(matchId),
    queryFn: ({ signal }) => findMatch(matchId, signal),
  });

/** Starts from the cached list when it holds the match (no request, no spinner), then keeps it fresh. */
export const useMatch = (matchId: string) => {
  const queryClient = useQueryClient();
  return useQuery({
    ...getMatchQueryOptions(matchId),
    initialData: () =>
      queryClient
        .getQueryData<InfiniteData<MatchPage>>(queryKeys.matches.list)
        ?.pages.flatMap((page) => page.items)
        .find((match) => match.matchId === matchId),
    initialDataUpdatedAt: () => queryClient.getQueryState(queryKeys.matches.list)?.dataUpdatedAt,
  });
};
