import { Health } from './contract/me';
import { authRoutes } from './handlers/http/auth-routes';
import { defineRoute, type HttpRoute, json } from './handlers/http/http-route';
import { buildOpenApiDocument, renderDocsPage } from './handlers/http/openapi';
import { profileRoutes } from './handlers/http/profile-routes';

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
export const httpRoutes: readonly HttpRoute[] = [...systemRoutes, ...authRoutes, ...profileRoutes];
