import { type Photo, PhotoList } from '@dating/functions/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { withOrder } from '../photo-order';
import { photosQueryKey } from './get-photos';

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
      await queryClient.cancelQueries({ queryKey: photosQueryKey });
      const previous = queryClient.getQueryData<Photo[]>(photosQueryKey);
      queryClient.setQueryData<Photo[]>(photosQueryKey, (photos) => photos && withOrder(photos, photoIds));
      return { previous };
    },
    onError: (error, _photoIds, context) => {
      if (context?.previous) queryClient.setQueryData(photosQueryKey, context.previous);
      void queryClient.invalidateQueries({ queryKey: photosQueryKey });
      onError?.(error);
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['profile', 'own'] });
    },
  });
};
