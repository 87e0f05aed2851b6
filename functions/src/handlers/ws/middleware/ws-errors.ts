import { AppError, messageWithCauses } from '../../../domain/errors';
import { answerConnection } from '../../../services/chat/realtime-service';
import type { WsMiddleware } from './types';

/**
 * The one place a WebSocket route's failure becomes an answer. `$connect`: the status (401 refuses the
 * upgrade). `$disconnect`: logged only (the socket is gone). A frame: an `error` event to that connection
 * only, with the envelope's code, message and details and the frame's `clientMessageId`; anything but an
 * AppError is a bug, logged and answered `internal` without detail.
 */
export const wsErrors = (): WsMiddleware => ({
  onError: async (request) => {
    const { error, context, event } = request;
    const known = error instanceof AppError ? error : null;
    if (known && known.status >= 500)
      context.log?.warn('service unavailable', { error: messageWithCauses(known) });
    if (!known) {
      context.log?.error('unhandled error', {
        error: error,
      });
    }
    const failure = known ?? new AppError('internal', 'Something went wrong; please try again');
    request.response = { statusCode: failure.status };
    const { eventType } = event.requestContext;
    if (eventType !== 'MESSAGE' || !context.deps) return;
    await answerConnection(context.deps, context.connectionId, {
      type: 'error',
      code: failure.code,
      message: failure.message,
      ...(context.clientMessageId === undefined ? {} : { clientMessageId: context.clientMessageId }),
      ...(failure.details ? { details: failure.details } : {}),
    });
  },
});
