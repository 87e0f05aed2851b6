import * as z from 'zod/mini';
import type { HttpRoute, Schema } from './http-route';

type JsonObject = Record<string, unknown>;

const toJsonSchema = (schema: Schema, io: 'input' | 'output'): JsonObject => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonObject;
  return rest;
};

function parameters(route: HttpRoute): JsonObject[] {
  const list: JsonObject[] = [];
  for (const [where, schema] of [
    ['path', route.params],
    ['query', route.query],
  ] as const) {
    if (!schema) continue;
    const json = toJsonSchema(schema, 'input') as {
      properties?: Record<string, JsonObject>;
      required?: string[];
    };
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      list.push({
        name,
        in: where,
        required: where === 'path' || (json.required ?? []).includes(name),
        schema: property,
      });
    }
  }
  return list;
}

/** OpenAPI 3.1 generated from the route table and its zod contract: the documentation cannot drift. */
export function buildOpenApiDocument(routes: readonly HttpRoute[], version: string): JsonObject {
  const paths: Record<string, Record<string, JsonObject>> = {};
  for (const route of routes) {
    const operation: JsonObject = {
      operationId: `${route.method.toLowerCase()}${route.path.replace(/[{}]/g, '').replace(/\/(\w)/g, (_m, c: string) => c.toUpperCase())}`,
      summary: route.summary,
      tags: route.tags,
      parameters: parameters(route),
      responses: Object.fromEntries(
        Object.entries(route.responses).map(([status, response]) => [
          status,
          {
            description: response.description,
            ...(response.schema
              ? { content: { 'application/json': { schema: toJsonSchema(response.schema, 'output') } } }
              : {}),
          },
        ]),
      ),
      ...(route.auth ? { security: [{ bearer: [] }] } : {}),
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: toJsonSchema(route.body, 'input') } },
            },
          }
        : {}),
    };
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Heartwood API',
      version,
      description:
        'Errors are always `{ error: { code, message, details? } }`. Lists are paged with `limit` and `cursor`.',
    },
    servers: [{ url: '/' }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths,
  };
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A readable, script-free rendering of the document (works under a strict CSP and offline). */
export function renderDocsPage(document: JsonObject): string {
  const paths = document.paths as Record<string, Record<string, JsonObject>>;
  const sections = Object.entries(paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, op]) => {
      const body = (op.requestBody as { content: { 'application/json': { schema: unknown } } } | undefined)
        ?.content['application/json'].schema;
      const responses = Object.entries(
        op.responses as Record<string, { description: string; content?: unknown }>,
      )
        .map(
          ([status, r]) =>
            `<li><b>${status}</b> ${escapeHtml(r.description)}${
              r.content
                ? `<details><summary>schema</summary><pre>${escapeHtml(JSON.stringify(r.content, null, 2))}</pre></details>`
                : ''
            }</li>`,
        )
        .join('');
      return `<section><h2><code>${method.toUpperCase()} ${escapeHtml(path)}</code>${op.security ? ' 🔒' : ''}</h2>
<p>${escapeHtml(String(op.summary))}</p>
${body ? `<details open><summary>request body</summary><pre>${escapeHtml(JSON.stringify(body, null, 2))}</pre></details>` : ''}
<ul>${responses}</ul></section>`;
    }),
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>API docs</title><style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}
section{border-top:1px solid #ddd;padding:.5rem 0}h2{font-size:1.05rem}pre{background:#f5f5f7;padding:.75rem;overflow:auto;font-size:.8rem}</style></head>
<body><h1>Heartwood API</h1><p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a>. 🔒 = needs <code>Authorization: Bearer &lt;accessToken&gt;</code>.</p>
${sections.join('\n')}</body></html>`;
}
