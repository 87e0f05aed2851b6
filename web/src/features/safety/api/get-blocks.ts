import { BlockPage } from '@dating/functions/contract';
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

/** One page of the people the caller blocked, newest first. */
export const getBlocks = (cursor: string | null, signal?: AbortSignal): Promise<BlockPage> => {
  const query = new URLSearchParams({ limit: '20' });
  if (cursor) query.set('cursor', cursor);
  return api.request('GET', `/api/blocks?${query}`, { schema: BlockPage, signal });
};

export const getBlocksQueryOptions = () =>
  infiniteQueryOptions({
    queryKey: queryKeys.blocks,
    queryFn: ({ pageParam, signal }) => getBlocks(pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });

export const useBlocks = () => useInfiniteQuery(getBlocksQueryOptions());
