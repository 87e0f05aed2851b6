import { realtimeRoutes } from '../../../handlers/ws/realtime-routes';
import { createWsDispatcher } from '../../../handlers/ws/ws-dispatcher';
import type { WsEvent, WsResult } from '../../../handlers/ws/ws-route';
import { depsProvider, getOriginSecret } from '../deps';
import { checkOrigin, originRefusedResult, originUnavailableResult } from '../origin-verify';

const dispatch = createWsDispatcher(realtimeRoutes, depsProvider());

/**
 * The WebSocket API's function: every route of `wsRoutes` (`$connect`, `$disconnect`, `$default`,
 * `sendMessage`, `typing`, `markRead`, `ping`), dispatched by `requestContext.routeKey`. Answers and events go
 * out through PostToConnection (the API Gateway notifier), since a route's return value reaches no client.
 * `$connect` first checks the origin-verify header (origin-verify.ts): an upgrade that did not come through
 * CloudFront is refused with 403; the other routes only exist on a connection `$connect` accepted.
 */
export const handler = Object.assign(
  async (event: WsEvent, context: object): Promise<WsResult> => {
    if (event.requestContext.eventType === 'CONNECT') {
      const origin = await checkOrigin(event.headers, () => getOriginSecret());
      if (origin.outcome === 'refused') return originRefusedResult();
      if (origin.outcome === 'unavailable') return originUnavailableResult(origin.error);
    }
    return dispatch(event, context);
  },
  { routes: realtimeRoutes },
);
