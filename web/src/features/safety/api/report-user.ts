import { type ReportRequest, ReportResponse } from '@dating/functions/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import type { MutationConfig } from '../../../lib/react-query';
import { refreshAfterSafetyChange } from './invalidate-relations';

/** Sends a report to moderation; the server also blocks the person. */
export const reportUser = (input: ReportRequest): Promise<ReportResponse> =>
  api.request('POST', '/api/reports', { body: input, schema: ReportResponse });

export const useReportUser = ({
  mutationConfig,
}: {
  mutationConfig?: MutationConfig<typeof reportUser>;
} = {}) => {
  const queryClient = useQueryClient();
  return useMutation({
    ...mutationConfig,
    mutationFn: reportUser,
    onSuccess: (...args) => {
      refreshAfterSafetyChange(queryClient, args[1].userId);
      return mutationConfig?.onSuccess?.(...args);
    },
  });
};
