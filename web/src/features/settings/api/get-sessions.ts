import { SessionList } from '@dating/functions/contract';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

/** My live logins, most recently used first (`GET /api/me/sessions`, at most 50). */
export const getSessions = (signal?: AbortSignal): Promise<SessionList> =>
  api.request('GET', '/api/me/sessions', { schema: SessionList, signal });

export const getSessionsQueryOptions = () =>
  queryOptions({ queryKey: queryKeys.sessions, queryFn: ({ signal }) => getSessions(signal) });

export const useSessions = () => useQuery(getSessionsQueryOptions());
