import { type ModerationActionRequest, ModerationDecisionResponse } from '@dating/functions/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export interface TakeActionInput {
  userId: string;
  request: ModerationActionRequest;
}

export const takeModerationAction = ({ userId, request }: TakeActionInput) =>
  api.request('POST', `/api/moderation/users/${encodeURIComponent(userId)}/actions`, {
    body: request,
    schema: ModerationDecisionResponse,
  });

export const resolveAppeal = (input: {
  userId: string;
  decisionId: string;
  outcome: 'upheld' | 'lifted';
  note: string;
}) =>
  api.request(
    'POST',
    `/api/moderation/users/${encodeURIComponent(input.userId)}/appeals/${encodeURIComponent(input.decisionId)}`,
    { body: { outcome: input.outcome, note: input.note } },
  );

/** A decision settles the person's item: the queue reloads from the top. */
export const useTakeModerationAction = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: takeModerationAction,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.moderationQueue }),
  });
};

export const useResolveAppeal = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: resolveAppeal,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.moderationQueue }),
  });
};
