import { type Message, MessagePage, type ReadReceipt, SendMessageResponse } from '@dating/functions/contract';
import { api } from '../../../lib/api-client';

export const MESSAGES_PAGE_SIZE = 30;

const messagesUrl = (conversationId: string) =>
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

/** REST fallback for sending; idempotent by `clientMessageId`. */
export const sendMessageRest = async (
  conversationId: string,
  clientMessageId: string,
  text: string,
): Promise<Message> =>
  (
    await api.request('POST', messagesUrl(conversationId), {
      body: { clientMessageId, text },
      schema: SendMessageResponse,
    })
  ).message;

export const markReadRest = (conversationId: string, upToMessageId: string): Promise<void> =>
  api.request('POST', `/api/conversations/${encodeURIComponent(conversationId)}/read`, {
    body: { upToMessageId },
  });
