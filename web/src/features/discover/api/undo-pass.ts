import { type PublicProfile, UndoResponse } from '@dating/functions/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

/** Takes back the last pass (within 24 hours, a few a day); answers whom it was about. */
export const undoPass = (): Promise<UndoResponse> =>
  api.request('POST', '/api/swipes/undo', { schema: UndoResponse });

/** Undo, then the person is back on top of the deck. */
export const useUndoPass = ({
  onSuccess,
  onError,
}: {
  onSuccess?: (response: UndoResponse) => void;
  onError?: (error: Error) => void;
} = {}) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: undoPass,
    onSuccess: (response) => {
      const { user } = response;
      if (user)
        queryClient.setQueryData<PublicProfile[]>(queryKeys.discover, (candidates = []) => [
          user,
          ...candidates.filter((candidate) => candidate.userId !== user.userId),
        ]);
      onSuccess?.(response);
    },
    onError: (error) => onError?.(error),
  });
};
