import { LikesPage } from '@dating/functions/contract';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

/** How many likes the tab shows (and counts) at once; "50+" when more follow. */
export const LIKES_PAGE = 50;

/** Who liked the caller and is still unanswered, newest first (the first page). */
export const getLikes = (signal?: AbortSignal): Promise<LikesPage> =>
  api.request('GET', `/api/likes?limit=${LIKES_PAGE}`, { schema: LikesPage, signal });

export const getLikesQueryOptions = () =>
  queryOptions({ queryKey: queryKeys.likes, queryFn: ({ signal }) => getLikes(signal) });

export const useLikes = ({ enabled = true }: { enabled?: boolean } = {}) =>
  useQuery({ ...getLikesQueryOptions(), enabled });

/** The tab's count: the likes on the first page, with "+" when more follow; null when there are none. */
export const likesCountLabel = (page: LikesPage | undefined): string | null => {
  if (!page || page.items.length === 0) return null;
  return page.nextCursor === null ? String(page.items.length) : `${page.items.length}+`;
};
