import type { Message } from '../../contract/chat';
import { newId } from '../../domain/ids';
import type { Deps } from '../deps';

/**
 * Hands a notification to the push queue (services/notifications/deliver-push.ts decides and sends it in the
 * background). Never fails or slows the request beyond the hand-over: the queue logs its own failures.
 */
export async function queueMessagePush(deps: Deps, recipientId: string, message: Message) {
  await deps.push.enqueue({
    kind: 'message',
    id: newId(),
    recipientId,
    conversationId: message.conversationId,
    messageId: message.id,
    senderId: message.senderId,
    text: message.text,
  });
}

export async function queueMatchPush(deps: Deps, recipientId: string, matchId: string, otherName: string) {
  await deps.push.enqueue({ kind: 'match', id: newId(), recipientId, matchId, otherName });
}
