import { accountEmailRoutes } from './handlers/http/account-email-routes';
import { accountLinkRoutes } from './handlers/http/account-link-routes';
import { authRoutes } from './handlers/http/auth-routes';
import { chatRoutes } from './handlers/http/chat-routes';
import type { HttpRoute } from './handlers/http/http-route';
import { matchingRoutes } from './handlers/http/matching-routes';
import { buildOpenApiDocument } from './handlers/http/openapi';
import { photoRoutes } from './handlers/http/photo-routes';
import { privacyRoutes } from './handlers/http/privacy-routes';
import { profileRoutes } from './handlers/http/profile-routes';
import { safetyRoutes } from './handlers/http/safety-routes';
import { sessionRoutes } from './handlers/http/session-routes';
import { systemRoutes } from './handlers/http/system-routes';
import { realtimeRoutes } from './handlers/ws/realtime-routes';
import type { WsRoute } from './handlers/ws/ws-route';

/**
 * THE route table. The lab runtime serves exactly these routes and the CDK app creates exactly these API
 * Gateway routes (one Lambda function per `group`), so a route cannot exist in one world and not the other.
 */
export const httpRoutes: readonly HttpRoute[] = [
  ...systemRoutes(async (version) => buildOpenApiDocument(httpRoutes, version)),
  ...authRoutes,
  ...accountLinkRoutes,
  ...sessionRoutes,
  ...accountEmailRoutes,
  ...profileRoutes,
  ...privacyRoutes,
  ...photoRoutes,
  ...matchingRoutes,
  ...safetyRoutes,
  ...chatRoutes,
];

/**
 * THE WebSocket route table (API Gateway WebSocket API, route selection `$request.body.action`): route keys
 * `$connect`, `$disconnect`, `$default`, `sendMessage`, `typing`, `markRead`, `ping`, all in group
 * `realtime` (one Lambda function). The lab runtime's WebSocket gateway selects routes from it the same way.
 */
export const wsRoutes: readonly WsRoute[] = realtimeRoutes;
