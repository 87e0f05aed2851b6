import { realtimeRoutes } from '../../../handlers/ws/realtime-routes';
import { createWsDispatcher } from '../../../handlers/ws/ws-dispatcher';
import { apiGatewayNotifier } from '../apigw-notifier';
import { depsProvider } from '../deps';

/**
 * The WebSocket API's function: every route of `wsRoutes` (`$connect`, `$disconnect`, `$default`,
 * `sendMessage`, `typing`, `markRead`, `ping`), dispatched by `requestContext.routeKey`. Answers and events go
 * out through PostToConnection (the API Gateway notifier), since a route's return value reaches no client.
 */
export const handler = Object.assign(
  createWsDispatcher(realtimeRoutes, depsProvider({ notifier: apiGatewayNotifier })),
  {
    routes: realtimeRoutes,
  },
);
