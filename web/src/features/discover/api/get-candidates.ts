import { DiscoverResponse, type PublicProfile } from '@dating/functions/contract';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

/** How many candidates to ask for at once; the deck asks again when it runs out. */
export const DISCOVER_BATCH = 20;

/** People who fit the caller and whom the caller fits, best first (not paged: ask again after swiping). */
export const getCandidates = async (signal?: AbortSignal): Promise<PublicProfile[]> =>
  (
    await api.request('GET', `/api/discover?limit=${DISCOVER_BATCH}`, {
      schema: DiscoverResponse,
      signal,
    })
  ).items;

export const getCandidatesQueryOptions = () =>
  queryOptions({ queryKey: queryKeys.discover, queryFn: ({ signal }) => getCandidates(signal) });

export const useCandidates = () => useQuery(getCandidatesQueryOptions());
