import { randomUUID } from 'node:crypto';
import type { Deps } from '../../../services/deps';
import type { WsMiddleware } from './types';

/**
 * Deps from the runtime, a child logger carrying API Gateway's request id and the connection id, and one log
 * line per frame (route, status, latency, user). Never the frame itself: it holds private messages.
 */
export const wsLogging = (getDeps: () => Promise<Deps>): WsMiddleware => {
  const started = new WeakMap<object, number>();
  const finish: WsMiddleware['after'] = (request) => {
    request.context.log?.info('ws', {
      routeKey: request.event.requestContext.routeKey,
      eventType: request.event.requestContext.eventType,
      status: request.response?.statusCode ?? 500,
      durationMs: Math.round(performance.now() - (started.get(request) ?? performance.now())),
      userId: request.context.userId ?? undefined,
    });
  };
  return {
    before: async (request) => {
      started.set(request, performance.now());
      const { requestContext } = request.event;
      const { context } = request;
      context.deps = await getDeps();
      context.connectionId = requestContext.connectionId;
      context.userId = null;
      context.frame = undefined;
      context.log = context.deps.log.child({
        requestId: requestContext.requestId || randomUUID(),
        connectionId: requestContext.connectionId,
      });
    },
    after: finish,
    onError: finish,
  };
};
