import { type SwipeDecision, SwipeResponse } from '@dating/functions/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

/** Likes back (which makes the match) or passes on someone who liked the caller. */
export const answerLike = ({
  userId,
  decision,
}: {
  userId: string;
  decision: SwipeDecision;
}): Promise<SwipeResponse> =>
  api.request('POST', '/api/swipes', { body: { targetUserId: userId, decision }, schema: SwipeResponse });

export const useAnswerLike = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: answerLike,
    onSuccess: (response) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.likes });
      if (response.matched) void queryClient.invalidateQueries({ queryKey: queryKeys.matches.all });
    },
  });
};
