import { Profile } from '@dating/functions/contract';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { ApiError } from '../../../lib/api-error';
import { queryKeys } from '../../../lib/query-keys';

/** The caller's own profile, or null before onboarding (the API answers 404 then). */
export async function getOwnProfile(signal?: AbortSignal): Promise<Profile | null> {
  try {
    return await api.request('GET', '/api/profile', { schema: Profile, signal });
  } catch (error) {
    if (error instanceof ApiError && error.code === 'not_found') return null;
    throw error;
  }
}

export const getOwnProfileQueryOptions = () =>
  queryOptions({ queryKey: queryKeys.ownProfile, queryFn: ({ signal }) => getOwnProfile(signal) });

export const useOwnProfile = () => useQuery(getOwnProfileQueryOptions());
