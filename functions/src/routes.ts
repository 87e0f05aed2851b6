import { Health } from './contract/me';
import { authRoutes } from './handlers/http/auth-routes';
import { chatRoutes } from './handlers/http/chat-routes';
import { defineRoute, type HttpRoute, json } from './handlers/http/http-route';
import { matchingRoutes } from './handlers/http/matching-routes';
import { buildOpenApiDocument, renderDocsPage } from './handlers/http/openapi';
import { photoRoutes } from './handlers/http/photo-routes';
import { privacyRoutes } from './handlers/http/privacy-routes';
import { profileRoutes } from './handlers/http/profile-routes';
import { safetyRoutes } from './handlers/http/safety-routes';
import { realtimeRoutes } from './handlers/ws/realtime-routes';
import type { WsRoute } from './handlers/ws/ws-route';

const systemRoutes: HttpRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/api/health',
    group: 'system',
    summary: 'Liveness of the API and the deployed version',
    tags: ['system'],
    auth: false,
    responses: { 200: { description: 'Up', schema: Health } },
    handle: async ({ deps }) => json(200, { status: 'ok', version: deps.config.version }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/openapi.json',
    group: 'system',
    summary: 'This API as an OpenAPI 3.1 document, generated from the contract',
    tags: ['system'],
    auth: false,
    responses: { 200: { description: 'OpenAPI document' } },
    handle: async ({ deps }) => json(200, buildOpenApiDocument(httpRoutes, deps.config.version)),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/docs',
    group: 'system',
    summary: 'Human-readable API documentation',
    tags: ['system'],
    auth: false,
    responses: { 200: { description: 'HTML page' } },
    handle: async ({ deps }) => ({
      status: 200,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: renderDocsPage(buildOpenApiDocument(httpRoutes, deps.config.version)),
    }),
  }),
];

/**
 * THE route table. The lab runtime serves exactly these routes and the CDK app creates exactly these API
 * Gateway routes (one Lambda function per `group`), so a route cannot exist in one world and not the other.
 */
export const httpRoutes: readonly HttpRoute[] = [
  ...systemRoutes,
  ...authRoutes,
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
