import { PublicProfile } from '@dating/functions/contract';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

/** Another person's public profile; 404 once either side blocked the other or the account is gone. */
export const getPublicProfile = (userId: string, signal?: AbortSignal): Promise<PublicProfile> =>
  api.request('GET', `/api/profiles/${encodeURIComponent(userId)}`, { schema: PublicProfile, signal });

export const getPublicProfileQueryOptions = (userId: string) =>
  queryOptions({
    queryKey: queryKeys.publicProfile(userId),
    queryFn: ({ signal }) => getPublicProfile(userId, signal),
  });

export const usePublicProfile = (userId: string | undefined, placeholder?: PublicProfile) =>
  useQuery({
    ...getPublicProfileQueryOptions(userId ?? ''),
    enabled: userId !== undefined,
    placeholderData: placeholder,
  });
