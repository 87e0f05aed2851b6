import { type PublicProfile, type SwipeRequest, SwipeResponse } from '@dating/functions/contract';
import { useIsMutating, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { ApiError } from '../../../lib/api-error';
import { mutationKeys, queryKeys } from '../../../lib/query-keys';

/** Likes or passes; idempotent per person. `matched` with the match when the like was mutual. */
export const swipe = (input: SwipeRequest): Promise<SwipeResponse> =>
  api.request('POST', '/api/swipes', { body: input, schema: SwipeResponse });

interface SwipeContext {
  removed: PublicProfile | undefined;
}

/** The person is gone (deleted, blocked): putting the card back would only fail again. */
const isGone = (error: Error) => error instanceof ApiError && error.code === 'not_found';

/**
 * Takes the card off the deck at once and sends the decision. A failure puts the card back on top (unless the
 * person is gone). When the deck runs empty and no decision is still on its way, asks for more people: asking
 * earlier could bring back someone whose swipe the server has not stored yet.
 */
export const useSwipe = ({
  onSuccess,
  onError,
}: {
  onSuccess?: (response: SwipeResponse, input: SwipeRequest) => void;
  /** After the card is back on top (or dropped, when the person is gone). */
  onError?: (error: Error, input: SwipeRequest) => void;
} = {}) => {
  const queryClient = useQueryClient();
  return useMutation<SwipeResponse, Error, SwipeRequest, SwipeContext>({
    mutationKey: mutationKeys.swipe,
    mutationFn: swipe,
    onMutate: async ({ targetUserId }) => {
      await queryClient.cancelQueries({ queryKey: queryKeys.discover });
      const removed = queryClient
        .getQueryData<PublicProfile[]>(queryKeys.discover)
        ?.find((candidate) => candidate.userId === targetUserId);
      queryClient.setQueryData<PublicProfile[]>(queryKeys.discover, (candidates) =>
        candidates?.filter((candidate) => candidate.userId !== targetUserId),
      );
      return { removed };
    },
    onError: (error, input, context) => {
      const removed = context?.removed;
      if (removed && !isGone(error)) {
        queryClient.setQueryData<PublicProfile[]>(queryKeys.discover, (candidates = []) =>
          candidates.some((candidate) => candidate.userId === removed.userId)
            ? candidates
            : [removed, ...candidates],
        );
      }
      onError?.(error, input);
    },
    onSuccess: (response, input) => {
      if (response.matched) void queryClient.invalidateQueries({ queryKey: queryKeys.matches.all });
      onSuccess?.(response, input);
    },
    onSettled: () => {
      const left = queryClient.getQueryData<PublicProfile[]>(queryKeys.discover);
      // This mutation still counts as running while it settles.
      const othersRunning = queryClient.isMutating({ mutationKey: mutationKeys.swipe }) > 1;
      if (left?.length === 0 && !othersRunning) {
        void queryClient.invalidateQueries({ queryKey: queryKeys.discover });
      }
    },
  });
};

/** Decisions still on their way to the server. */
export const useSwipesInFlight = () => useIsMutating({ mutationKey: mutationKeys.swipe }) > 0;
