/** Shared by the app layout and the login page: the moderation notice and the appeal. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from './api-client';
import { queryKeys } from './query-keys';

/** The user has read the moderation notice: it stops showing. */
export const dismissNotice = (decisionId: string) =>
  api.request('DELETE', `/api/me/notice/${encodeURIComponent(decisionId)}`);

/** The one appeal of a decision; the token comes with the notice (or a refused login). */
export const sendAppeal = (input: { appealToken: string; text: string }) =>
  api.request('POST', '/api/appeals', { body: input });

export const useDismissNotice = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: dismissNotice,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.me }),
  });
};

export const useSendAppeal = (onSent?: () => void) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: sendAppeal,
    onSuccess: () => {
      onSent?.();
      return queryClient.invalidateQueries({ queryKey: queryKeys.me });
    },
  });
};
