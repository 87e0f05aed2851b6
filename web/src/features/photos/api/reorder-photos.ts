import { type Photo, PhotoList } from '@dating/functions/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import { withOrder } from '../photo-order';

/** Sets the order of the ready photos (exactly those ids); the first becomes the main photo. */
export const reorderPhotos = async (photoIds: readonly string[]): Promise<Photo[]> =>
  (await api.request('PUT', '/api/photos/order', { body: { photoIds }, schema: PhotoList })).items;

interface ReorderContext {
  previous: Photo[] | undefined;
}

/**
 * Shows the new order at once and sends it. Moves made in quick succession are sent one after another (one
 * mutation scope), so the last order the user chose is the one the server keeps. A refusal puts the list back.
 */
export const useReorderPhotos = ({ onError }: { onError?: (error: Error) => void } = {}) => {
  const queryClient = useQueryClient();
  return useMutation<Photo[], Error, readonly string[], ReorderContext>({
    mutationFn: reorderPhotos,
    scope: { id: 'photo-order' },
    onMutate: async (photoIds) => {
      await queryClient.cancelQueries({ queryKey: queryKeys.photos });
      const previous = queryClient.getQueryData<Photo[]>(queryKeys.photos);
      queryClient.setQueryData<Photo[]>(queryKeys.photos, (photos) => photos && withOrder(photos, photoIds));
      return { previous };
    },
    onError: (error, _photoIds, context) => {
      if (context?.previous) queryClient.setQueryData(queryKeys.photos, context.previous);
      void queryClient.invalidateQueries({ queryKey: queryKeys.photos });
      onError?.(error);
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.ownProfile });
    },
  });
};
