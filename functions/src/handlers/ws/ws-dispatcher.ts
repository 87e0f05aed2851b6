import middy from '@middy/core';
import type { Deps } from '../../services/deps';
import { identifyConnection } from './middleware/identify-connection';
import { parseFrame } from './middleware/parse-frame';
import type { WsContext } from './middleware/types';
import { wsErrors } from './middleware/ws-errors';
import { wsLogging } from './middleware/ws-logging';
import type { WsEvent, WsResult, WsRoute } from './ws-route';

export type WsLambdaHandler = (event: WsEvent, context: object) => Promise<WsResult>;

/** Wraps one WebSocket route in its middleware chain (the HTTP chain's ideas, for frames). */
export function toWsLambdaHandler(route: WsRoute, getDeps: () => Promise<Deps>): WsLambdaHandler {
  const handler = middy<WsEvent, WsResult, Error, WsContext>({ timeoutEarlyInMillis: 0 })
    .use(wsLogging(getDeps)) // outermost: deps, request id, one log line with the final status
    .use(wsErrors()) // turns any failure into the $connect status or an `error` event
    .use(parseFrame(route)) // size limit first, then JSON and the frame schema
    .use(identifyConnection(route.auth))
    .handler(async (event, context) => {
      await route.handle({
        deps: context.deps,
        log: context.log,
        event,
        connectionId: context.connectionId,
        userId: context.userId,
        frame: context.frame,
      });
      return { statusCode: 200 };
    });
  return handler as unknown as WsLambdaHandler;
}

/**
 * The WebSocket API's one Lambda function: API Gateway's `routeKey` selects the route; a key without a route
 * goes to `$default`, as API Gateway itself does.
 */
export function createWsDispatcher(
  routes: readonly WsRoute[],
  getDeps: () => Promise<Deps>,
): WsLambdaHandler {
  const byKey = new Map<string, WsLambdaHandler>(
    routes.map((route) => [route.routeKey, toWsLambdaHandler(route, getDeps)]),
  );
  const fallback = byKey.get('$default');
  if (!fallback) throw new Error('the WebSocket routes need a $default route');
  return (event, context) => (byKey.get(event.requestContext.routeKey) ?? fallback)(event, context);
}
