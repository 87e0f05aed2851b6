import { MessagePage } from '@dating/functions/contract';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

/** How many of the newest messages the report dialog offers to attach. */
export const REPORTABLE_MESSAGES = 30;

/** The newest messages of the conversation with the person being reported, newest first. */
export const getReportableMessages = (conversationId: string, signal?: AbortSignal) =>
  api.request(
    'GET',
    `/api/conversations/${encodeURIComponent(conversationId)}/messages?limit=${REPORTABLE_MESSAGES}`,
    { schema: MessagePage, signal },
  );

export const useReportableMessages = (conversationId: string | undefined, enabled: boolean) =>
  useQuery({
    ...queryOptions({
      queryKey: queryKeys.reportableMessages(conversationId ?? ''),
      queryFn: ({ signal }) => getReportableMessages(conversationId ?? '', signal),
    }),
    enabled: enabled && conversationId !== undefined,
  });
