import { type Message, MessagePage, type ReadReceipt } from '@dating/functions/contract';
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export const MESSAGES_PAGE_SIZE = 30;

export const messagesUrl = (conversationId: string) =>
  `/api/conversations/${encodeURIComponent(conversationId)}/messages`;

/** `before`: older than that id, newest first; `after`: newer, oldest first; neither: the newest, newest first. */
export const getMessages = (
  conversationId: string,
  cursor: { before?: string; after?: string } = {},
  signal?: AbortSignal,
): Promise<MessagePage> => {
  const query = new URLSearchParams({ limit: String(MESSAGES_PAGE_SIZE) });
  if (cursor.before) query.set('before', cursor.before);
  if (cursor.after) query.set('after', cursor.after);
  return api.request('GET', `${messagesUrl(conversationId)}?${query}`, { schema: MessagePage, signal });
};

/** Every message newer than `after` (following pages until up to date), and how far the other side read. */
export async function getMessagesAfter(
  conversationId: string,
  after: string,
): Promise<{ messages: Message[]; otherRead: ReadReceipt | null }> {
  const messages: Message[] = [];
  let otherRead: ReadReceipt | null = null;
  let cursor: string | null = after;
  while (cursor) {
    const page: MessagePage = await getMessages(conversationId, { after: cursor });
    messages.push(...page.items);
    otherRead = page.otherRead;
    cursor = page.nextCursor;
  }
  return { messages, otherRead };
}

/**
 * The conversation's history, newest page first; each further page is older (`before` the last cursor).
 * Live messages are kept by the chat session, not in this cache, so a cached history would miss what arrived
 * while the chat was closed: the pages are fetched once per visit (never stale while open, dropped on leaving),
 * and the session catches up with `after=` itself when the connection comes back.
 */
export const getMessagesQueryOptions = (conversationId: string) =>
  infiniteQueryOptions({
    queryKey: queryKeys.messages(conversationId),
    queryFn: ({ pageParam, signal }) =>
      getMessages(conversationId, pageParam ? { before: pageParam } : {}, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
    refetchOnReconnect: false,
  });

export const useMessages = (conversationId: string) =>
  useInfiniteQuery(getMessagesQueryOptions(conversationId));
