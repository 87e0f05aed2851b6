import { api } from '../../../lib/api-client';

/** REST fallback for the read marker when the socket is down. */
export const markReadRest = (conversationId: string, upToMessageId: string): Promise<void> =>
  api.request('POST', `/api/conversations/${encodeURIComponent(conversationId)}/read`, {
    body: { upToMessageId },
  });
