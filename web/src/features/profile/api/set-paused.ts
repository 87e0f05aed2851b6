import { Profile } from '@dating/functions/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

/** Pauses (PUT) or resumes (DELETE) the caller's profile; both answer the profile as stored. */
export const setPaused = (paused: boolean): Promise<Profile> =>
  api.request(paused ? 'PUT' : 'DELETE', '/api/profile/pause', { schema: Profile });

/** Pause or resume in one click: the own profile is updated from the answer and the deck is fetched again. */
export const useSetPaused = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: setPaused,
    onSuccess: (profile) => {
      queryClient.setQueryData(queryKeys.ownProfile, profile);
      void queryClient.invalidateQueries({ queryKey: queryKeys.discover });
    },
  });
};
