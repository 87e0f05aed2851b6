import type { Photo } from '@dating/functions/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import type { MutationConfig } from '../../../lib/react-query';

/** Deletes the photo and its stored files. */
export const deletePhoto = (photoId: string): Promise<void> =>
  api.request('DELETE', `/api/photos/${encodeURIComponent(photoId)}`);

export const useDeletePhoto = ({
  mutationConfig,
}: {
  mutationConfig?: MutationConfig<typeof deletePhoto>;
} = {}) => {
  const queryClient = useQueryClient();
  return useMutation({
    ...mutationConfig,
    mutationFn: deletePhoto,
    onSuccess: (...args) => {
      const photoId = args[1];
      queryClient.setQueryData<Photo[]>(queryKeys.photos, (photos) =>
        photos?.filter((photo) => photo.id !== photoId),
      );
      void queryClient.invalidateQueries({ queryKey: queryKeys.photos });
      // The own profile embeds the photos.
      void queryClient.invalidateQueries({ queryKey: queryKeys.ownProfile });
      return mutationConfig?.onSuccess?.(...args);
    },
  });
};
