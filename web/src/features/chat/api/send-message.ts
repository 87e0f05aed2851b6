import { type Message, SendMessageResponse } from '@dating/functions/contract';
import { api } from '../../../lib/api-client';
import { messagesUrl } from './get-messages';

/** REST fallback for sending when the socket is down or gave no `messageAck`; idempotent by `clientMessageId`. */
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
