import type * as z from 'zod/mini';
import type { Logger } from '../../ports/logger';
import type { Caller } from '../../services/auth/authenticate-caller';
import type { Deps } from '../../services/deps';

export type Schema = z.ZodMiniType;
type Parsed<S> = S extends Schema ? z.output<S> : undefined;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What a route handler answers; the edge turns it into an API Gateway v2 result. */
export interface HttpReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Set-Cookie values. */
  cookies?: string[];
}

export interface RequestMeta {
  requestId: string;
  sourceIp: string;
  userAgent: string;
  /** True when the viewer reached us over HTTPS (API Gateway, CloudFront or a TLS ingress). */
  secure: boolean;
  cookies: Record<string, string>;
}

export interface RouteContext<B, Q, P, Authed extends boolean> {
  deps: Deps;
  log: Logger;
  body: B;
  query: Q;
  params: P;
  caller: Authed extends true ? Caller : null;
  request: RequestMeta;
}

export interface ResponseSpec {
  description: string;
  schema?: Schema;
}

/** Lambda functions group routes so related handlers share a bundle and a cold start. */
export type FunctionGroup = 'system' | 'auth' | 'profile' | 'photos' | 'matching' | 'safety' | 'chat';

export interface HttpRouteDefinition<
  B extends Schema | undefined,
  Q extends Schema | undefined,
  P extends Schema | undefined,
  Authed extends boolean,
> {
  method: HttpMethod;
  /** API Gateway path syntax: `/api/profiles/{userId}`. */
  path: string;
  group: FunctionGroup;
  summary: string;
  tags: string[];
  auth: Authed;
  body?: B;
  query?: Q;
  params?: P;
  responses: Record<number, ResponseSpec>;
  handle(context: RouteContext<Parsed<B>, Parsed<Q>, Parsed<P>, Authed>): Promise<HttpReply>;
}

/** A route with its types erased, as the route table, the runtimes and the OpenAPI builder see it. */
export interface HttpRoute {
  method: HttpMethod;
  path: string;
  group: FunctionGroup;
  summary: string;
  tags: string[];
  auth: boolean;
  body?: Schema;
  query?: Schema;
  params?: Schema;
  responses: Record<number, ResponseSpec>;
  handle(context: RouteContext<unknown, unknown, unknown, boolean>): Promise<HttpReply>;
}

export const routeKey = (route: Pick<HttpRoute, 'method' | 'path'>) => `${route.method} ${route.path}`;

export function defineRoute<
  B extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  P extends Schema | undefined = undefined,
  Authed extends boolean = boolean,
>(definition: HttpRouteDefinition<B, Q, P, Authed>): HttpRoute {
  return definition as unknown as HttpRoute;
}

export const json = (
  status: number,
  body: unknown,
  extra: Omit<HttpReply, 'status' | 'body'> = {},
): HttpReply => ({
  status,
  body,
  ...extra,
});

export const noContent = (extra: Omit<HttpReply, 'status' | 'body'> = {}): HttpReply => ({
  status: 204,
  ...extra,
});

/** 202 with no body: taken on (e.g. mail queued), nothing to show. */
export const accepted = (): HttpReply => ({ status: 202 });
