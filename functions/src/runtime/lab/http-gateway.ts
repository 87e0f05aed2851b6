import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpRoute } from '../../handlers/http/http-route';
import { MAX_JSON_BODY_BYTES } from '../../handlers/http/middleware/parse-request';
import type { HttpEvent, HttpResult } from '../../handlers/http/middleware/types';
import type { Logger } from '../../ports/logger';
import { buildHttpApiEvent, lambdaContext, newGatewayRequestId } from './api-gateway-event';
import type { ClientConnection } from './client-connection';
import { noteErrorBody } from './error-codes';
import { sendError } from './json-response';
import { withTimeout } from './promise-timeout';
import { readRequestBody } from './request-body';
import type { RequestTarget } from './request-target';
import { compileRouteTable } from './route-matcher';

/** `createHttpDispatcher(routes, getDeps)`: the same function Lambda runs. */
export type HttpDispatcher = (event: HttpEvent, context: object) => Promise<HttpResult>;

export interface HttpGatewayOptions {
  routes: readonly HttpRoute[];
  dispatch: HttpDispatcher;
  log: Logger;
  /** The most a route with a body schema reads (default: the handlers' JSON limit, 64 KB). */
  maxJsonBodyBytes?: number;
  /** API Gateway gives up on an integration after 30 s (the HTTP API maximum) and answers 503. */
  integrationTimeoutMs?: number;
}

export type HttpGateway = (
  request: IncomingMessage,
  response: ServerResponse,
  target: RequestTarget,
  client: ClientConnection,
) => Promise<void>;

/** Lambda refuses a synchronous response over 6 MB; API Gateway then answers an error. */
export const MAX_LAMBDA_RESPONSE_BYTES = 6 * 1024 * 1024;
const INTEGRATION_TIMEOUT_MS = 30_000;

/**
 * Does what API Gateway's HTTP API does, and nothing more: select the route, build the payload-2.0 event,
 * invoke the dispatcher, write its result. Everything an API user sees beyond that comes from the handlers,
 * which is what makes the lab behave like AWS.
 *
 * Unlike API Gateway (which buffers up to 10 MB), the body is read only as far as the selected route can use
 * it, so no request can make the process hold more than 64 KB of it: a route with a body schema reads JSON up
 * to the handlers' 64 KB limit and answers 413 `payload_too_large` the moment it is passed; a route without
 * one takes no body at all (413 for the first byte); an unknown route (`$default`, which answers 404) never
 * reads it. Its event then has no body.
 */
export function createHttpGateway(options: HttpGatewayOptions): HttpGateway {
  const matchRoute = compileRouteTable(options.routes);
  const maxJsonBodyBytes = options.maxJsonBodyBytes ?? MAX_JSON_BODY_BYTES;
  const timeoutMs = options.integrationTimeoutMs ?? INTEGRATION_TIMEOUT_MS;

  return async (request, response, target, client) => {
    const receivedAt = new Date();
    const path = decodePath(target.path);
    if (path === null) {
      sendError(response, 'validation_failed', 'The request path is not valid percent-encoding');
      return;
    }
    const method = request.method ?? 'GET';
    // The route first: what it accepts decides how much of the body is ever read.
    const match = matchRoute(method, path);
    let bytes: Buffer | undefined;
    if (match !== null) {
      const maxBytes = match.route.body ? maxJsonBodyBytes : 0;
      const body = await readRequestBody(request, response, maxBytes);
      if (body.tooLarge) {
        // The rest stays unread; the server closes the connection once this answer is out.
        sendError(
          response,
          'payload_too_large',
          maxBytes === 0
            ? 'This endpoint takes no request body'
            : `The request body is larger than ${maxBytes / 1024} KB`,
        );
        return;
      }
      bytes = body.bytes;
    }
    const requestId = newGatewayRequestId();
    const event = buildHttpApiEvent(
      {
        method,
        path,
        rawQueryString: target.rawQueryString,
        rawHeaders: request.rawHeaders,
        httpVersion: request.httpVersion,
        body: bytes,
        client,
        requestId,
        receivedAt,
      },
      match,
    );
    const context = lambdaContext(`lab-${match?.route.group ?? 'default'}`, receivedAt.getTime() + timeoutMs);

    let result: HttpResult | 'timeout';
    try {
      result = await withTimeout(options.dispatch(event, context), timeoutMs);
    } catch (error) {
      options.log.error('the dispatcher threw', {
        requestId,
        routeKey: event.routeKey,
        error,
      });
      sendError(response, 'internal', 'Something went wrong; please try again', {
        headers: { 'apigw-requestid': requestId },
      });
      return;
    }
    if (result === 'timeout') {
      options.log.error('the handler did not answer in time', {
        requestId,
        routeKey: event.routeKey,
        timeoutMs,
      });
      sendError(response, 'internal', 'The service did not answer in time; please try again', {
        status: 503,
        headers: { 'apigw-requestid': requestId },
      });
      return;
    }
    writeResult(response, result, requestId, options.log);
  };
}

/** Like API Gateway, an undecodable path never reaches a handler. */
function decodePath(rawPath: string): string | null {
  try {
    return decodeURIComponent(rawPath);
  } catch {
    return null;
  }
}

function writeResult(response: ServerResponse, result: HttpResult, requestId: string, log: Logger): void {
  // The limit counts the payload as Lambda returns it: a base64 body by its encoded length.
  const payloadBytes = Buffer.byteLength(result.body ?? '');
  if (payloadBytes > MAX_LAMBDA_RESPONSE_BYTES) {
    log.error('response over the Lambda payload limit', { requestId, bytes: payloadBytes });
    sendError(response, 'internal', 'Something went wrong; please try again', {
      headers: { 'apigw-requestid': requestId },
    });
    return;
  }
  const body = Buffer.from(result.body ?? '', result.isBase64Encoded ? 'base64' : 'utf8');
  for (const [name, value] of Object.entries(result.headers ?? {})) response.setHeader(name, String(value));
  if (result.cookies?.length) response.appendHeader('set-cookie', result.cookies);
  response.setHeader('content-length', body.length);
  response.setHeader('apigw-requestid', requestId);
  if ((result.statusCode ?? 200) >= 400) noteErrorBody(response, body);
  response.writeHead(result.statusCode ?? 200);
  response.end(response.req.method === 'HEAD' ? undefined : body);
}
