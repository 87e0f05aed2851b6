import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { Logger } from '../../../ports/logger';
import type { Caller } from '../../../services/auth/authenticate-caller';
import type { Deps } from '../../../services/deps';
import type { RequestMeta } from '../http-route';

/** The Lambda context as our middlewares fill it in, before the route runs. */
export interface HttpContext extends Context {
  deps: Deps;
  log: Logger;
  meta: RequestMeta;
  caller: Caller | null;
  input: { body: unknown; query: unknown; params: unknown };
}

export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResult = APIGatewayProxyStructuredResultV2;
export type HttpMiddleware = MiddlewareObj<HttpEvent, HttpResult, Error, HttpContext>;
