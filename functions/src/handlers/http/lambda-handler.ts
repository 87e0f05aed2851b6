import middy from '@middy/core';
import { AppError } from '../../domain/errors';
import type { Deps } from '../../services/deps';
import { type HttpRoute, routeKey } from './http-route';
import { apiResponseHeaders } from './middleware/api-headers';
import { authenticate } from './middleware/authenticate';
import { errorEnvelope, errorResult } from './middleware/error-envelope';
import { injectDeps } from './middleware/inject-deps';
import { parseRequest } from './middleware/parse-request';
import { requestLogging } from './middleware/request-logging';
import type { HttpContext, HttpEvent, HttpResult } from './middleware/types';

export type HttpLambdaHandler = (event: HttpEvent, context: object) => Promise<HttpResult>;

/** Wraps one route in the middleware chain. Order matters: see the comments on each `use`. */
export function toLambdaHandler(route: HttpRoute, getDeps: () => Promise<Deps>): HttpLambdaHandler {
  const handler = middy<HttpEvent, HttpResult, Error, HttpContext>({ timeoutEarlyInMillis: 0 })
    .use(injectDeps(getDeps))
    .use(requestLogging()) // outermost after/onError: logs the final status
    .use(apiResponseHeaders())
    .use(errorEnvelope()) // innermost onError: turns any error into the envelope first
    .use(authenticate(route.auth)) // 401 before any detail about the body is revealed
    .use(parseRequest(route))
    .handler(async (_event, context) => {
      const reply = await route.handle({
        deps: context.deps,
        log: context.log,
        caller: context.caller,
        request: context.meta,
        ...context.input,
      });
      const result: HttpResult = { statusCode: reply.status, headers: { ...reply.headers } };
      if (reply.body !== undefined) {
        result.headers = { 'content-type': 'application/json; charset=utf-8', ...result.headers };
        result.body = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      }
      if (reply.cookies?.length) result.cookies = reply.cookies;
      return result;
    });
  return handler as unknown as HttpLambdaHandler;
}

const notFoundResult = () => errorResult(new AppError('not_found', 'No such route'));

/**
 * One Lambda function per route group: API Gateway's `routeKey` selects the route. An unknown key (the
 * `$default` route, or a path without a matching method) answers the same 404 envelope in both worlds.
 */
export function createHttpDispatcher(routes: readonly HttpRoute[], getDeps: () => Promise<Deps>) {
  const byKey = new Map(routes.map((route) => [routeKey(route), toLambdaHandler(route, getDeps)]));
  return async (event: HttpEvent, context: object): Promise<HttpResult> => {
    const handler = byKey.get(event.routeKey);
    if (!handler)
      return { ...notFoundResult(), headers: { ...notFoundResult().headers, 'cache-control': 'no-store' } };
    return handler(event, context);
  };
}
