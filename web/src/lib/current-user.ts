import { Me } from '@dating/functions/contract';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from './api-client';
import { queryKeys } from './query-keys';

/** The signed-in account. Shared (not a feature): routing decides on `profileComplete`, features update it. */
export const getMe = (signal?: AbortSignal): Promise<Me> =>
  api.request('GET', '/api/me', { schema: Me, signal });

export const getMeQueryOptions = () =>
  queryOptions({ queryKey: queryKeys.me, queryFn: ({ signal }) => getMe(signal) });

export const useMe = () => useQuery(getMeQueryOptions());
