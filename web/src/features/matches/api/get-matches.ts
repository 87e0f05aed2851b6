import { MatchPage } from '@dating/functions/contract';
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export const MATCHES_PAGE_SIZE = 20;

/** One page of the caller's matches, latest activity first; `cursor` from the previous page. */
export const getMatches = (
  { cursor, limit = MATCHES_PAGE_SIZE }: { cursor?: string | null; limit?: number },
  signal?: AbortSignal,
): Promise<MatchPage> => {
  const query = new URLSearchParams({ limit: String(limit) });
  if (cursor) query.set('cursor', cursor);
  return api.request('GET', `/api/matches?${query}`, { schema: MatchPage, signal });
};

export const getMatchesQueryOptions = () =>
  infiniteQueryOptions({
    queryKey: queryKeys.matches.list,
    queryFn: ({ pageParam, signal }) => getMatches({ cursor: pageParam }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });

export const useMatches = () => useInfiniteQuery(getMatchesQueryOptions());
