import { EndedSessions, type SessionList } from '@dating/functions/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import type { MutationConfig } from '../../../lib/react-query';

/** Logs one of my sessions out: its device can no longer refresh, and its live connection closes. */
export const endSession = (sessionId: string): Promise<void> =>
  api.request('DELETE', `/api/me/sessions/${encodeURIComponent(sessionId)}`);

/** Logs out every session but this one. */
export const endOtherSessions = (): Promise<EndedSessions> =>
  api.request('DELETE', '/api/me/sessions', { schema: EndedSessions });

export const useEndSession = ({
  mutationConfig,
}: {
  mutationConfig?: MutationConfig<typeof endSession>;
} = {}) => {
  const queryClient = useQueryClient();
  return useMutation({
    ...mutationConfig,
    mutationFn: endSession,
    onSuccess: (...args) => {
      const sessionId = args[1];
      queryClient.setQueryData<SessionList>(queryKeys.sessions, (data) =>
        data ? { ...data, sessions: data.sessions.filter((session) => session.id !== sessionId) } : data,
      );
      void queryClient.invalidateQueries({ queryKey: queryKeys.sessions });
      return mutationConfig?.onSuccess?.(...args);
    },
  });
};

export const useEndOtherSessions = ({
  mutationConfig,
}: {
  mutationConfig?: MutationConfig<typeof endOtherSessions>;
} = {}) => {
  const queryClient = useQueryClient();
  return useMutation({
    ...mutationConfig,
    mutationFn: endOtherSessions,
    onSuccess: (...args) => {
      queryClient.setQueryData<SessionList>(queryKeys.sessions, (data) =>
        data
          ? { ...data, sessions: data.sessions.filter((session) => session.current), truncated: false }
          : data,
      );
      void queryClient.invalidateQueries({ queryKey: queryKeys.sessions });
      return mutationConfig?.onSuccess?.(...args);
    },
  });
};
