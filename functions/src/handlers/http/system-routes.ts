import { Health } from '../../contract/me';
import { defineRoute, type HttpRoute, json } from './http-route';
import { renderDocsPage } from './openapi';

/** The OpenAPI document of the whole route table, for one app version. */
export type OpenApiDocumentSource = (version: string) => Promise<Record<string, unknown>>;

/**
 * Health, the OpenAPI document and the docs page (group `system`). The document comes from the runtime: the
 * lab builds it from the route table; the system Lambda function gets it built at bundle time (runtime/aws/
 * openapi-document.ts), so it does not carry every other function's routes and services to describe them.
 */
export const systemRoutes = (openApiDocument: OpenApiDocumentSource): HttpRoute[] => [
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
    handle: async ({ deps }) => json(200, await openApiDocument(deps.config.version)),
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
      body: renderDocsPage(await openApiDocument(deps.config.version)),
    }),
  }),
];
