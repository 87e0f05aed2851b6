import { type Me, Profile, type ProfileInput } from '@dating/functions/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import type { MutationConfig } from '../../../lib/react-query';

/** Creates or replaces the caller's profile (PUT is a full replacement: send every field). */
export const saveProfile = (input: ProfileInput): Promise<Profile> =>
  api.request('PUT', '/api/profile', { body: input, schema: Profile });

export const useSaveProfile = ({
  mutationConfig,
}: {
  mutationConfig?: MutationConfig<typeof saveProfile>;
} = {}) => {
  const queryClient = useQueryClient();
  return useMutation({
    ...mutationConfig,
    mutationFn: saveProfile,
    onSuccess: (...args) => {
      queryClient.setQueryData(queryKeys.ownProfile, args[0]);
      // Routing reads profileComplete: update it before anyone navigates, then confirm with the server.
      queryClient.setQueryData<Me>(queryKeys.me, (me) => (me ? { ...me, profileComplete: true } : me));
      void queryClient.invalidateQueries({ queryKey: queryKeys.me });
      return mutationConfig?.onSuccess?.(...args);
    },
  });
};
