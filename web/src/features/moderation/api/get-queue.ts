import { ModerationQueue } from '@dating/functions/contract';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

/** The first page of the queue: the console works from the top (the most urgent first). */
export const getModerationQueue = (signal?: AbortSignal): Promise<ModerationQueue> =>
  api.request('GET', '/api/moderation/queue?limit=20', { schema: ModerationQueue, signal });

export const moderationQueueQueryOptions = () =>
  queryOptions({ queryKey: queryKeys.moderationQueue, queryFn: ({ signal }) => getModerationQueue(signal) });

export const useModerationQueue = () => useQuery(moderationQueueQueryOptions());
