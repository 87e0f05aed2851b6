import { randomBytes, randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import type { HttpEvent } from '../../handlers/http/middleware/types';
import type { ClientConnection } from './client-connection';
import { emptyRecord } from './null-prototype';
import type { RouteMatch } from './route-matcher';

/** What the gateway knows about one HTTP request once its body has been read. */
export interface GatewayRequest {
  method: string;
  /** Percent-decoded path: HTTP APIs decode it before routing and hand it over decoded as `rawPath`. */
  path: string;
  /** As received, still encoded, without the `?`. */
  rawQueryString: string;
  /** Node's `rawHeaders`: name, value, name, value... in arrival order, names in any case. */
  rawHeaders: readonly string[];
  httpVersion: string;
  /** Absent when the gateway did not read it (no route matched). */
  body?: Buffer;
  client: ClientConnection;
  requestId: string;
  receivedAt: Date;
}

const API_ID = 'lab';
/** LocalStack's default account id: obviously not a real one. */
const ACCOUNT_ID = '000000000000';

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (value: number) => String(value).padStart(2, '0');

/** API Gateway's CLF-style `requestContext.time`: `12/Mar/2020:19:03:58 +0000`. */
export const gatewayTime = (at: Date) =>
  `${pad(at.getUTCDate())}/${months[at.getUTCMonth()]}/${at.getUTCFullYear()}:` +
  `${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())} +0000`;

/** Looks like API Gateway's request ids (`JKJaXmPLvHcESHA=`). */
export const newGatewayRequestId = () => randomBytes(10).toString('base64');

/**
 * Content types API Gateway passes as text; anything else (or no type) arrives base64-encoded with
 * `isBase64Encoded: true`.
 */
export function isTextual(contentType: string | undefined): boolean {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (!type) return false;
  return (
    type.startsWith('text/') ||
    /^application\/([a-z0-9.-]+\+)?(json|xml)$/.test(type) ||
    type === 'application/javascript' ||
    type === 'application/x-www-form-urlencoded'
  );
}

/** Lowercased names; repeated headers joined with ',' (payload 2.0 has no multi-value headers). */
function collectHeaders(rawHeaders: readonly string[]): Record<string, string> {
  const headers = emptyRecord<string>();
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    const name = rawHeaders[index]?.toLowerCase() ?? '';
    const value = rawHeaders[index + 1] ?? '';
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  return headers;
}

function collectQuery(rawQueryString: string): Record<string, string> | undefined {
  if (rawQueryString === '') return undefined;
  const query = emptyRecord<string>();
  for (const [key, value] of new URLSearchParams(rawQueryString)) {
    query[key] = key in query ? `${query[key]},${value}` : value;
  }
  return query;
}

const traceId = (at: Date) =>
  `Root=1-${Math.floor(at.getTime() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;

/**
 * The payload-2.0 event API Gateway's HTTP API would send for this request. The Cookie header moves
 * into `cookies` (one entry per cookie); the forwarding headers are what API Gateway behind CloudFront
 * (or this server behind a trusted ingress) would set.
 */
export function buildHttpApiEvent(
  request: GatewayRequest,
  match: (Pick<RouteMatch, 'routeKey' | 'pathParameters'> & Partial<RouteMatch>) | null,
): HttpEvent {
  const { cookie, ...headers } = collectHeaders(request.rawHeaders);
  headers['x-forwarded-for'] = request.client.forwardedFor;
  headers['x-forwarded-proto'] = request.client.protocol;
  headers['x-forwarded-port'] = request.client.port;
  headers['x-amzn-trace-id'] ??= traceId(request.receivedAt);

  const host = (headers.host ?? 'localhost').replace(/:\d+$/, '');
  const routeKey = match?.routeKey ?? '$default';
  const event: HttpEvent = {
    version: '2.0',
    routeKey,
    rawPath: request.path,
    rawQueryString: request.rawQueryString,
    headers,
    requestContext: {
      accountId: ACCOUNT_ID,
      apiId: API_ID,
      domainName: host,
      domainPrefix: host.split('.')[0] ?? host,
      http: {
        method: request.method,
        path: request.path,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.client.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: request.requestId,
      routeKey,
      stage: '$default',
      time: gatewayTime(request.receivedAt),
      timeEpoch: request.receivedAt.getTime(),
    },
    isBase64Encoded: false,
  };
  const cookies = cookie
    ?.split(/;\s*/)
    .map((part) => part.trim())
    .filter(Boolean);
  if (cookies?.length) event.cookies = cookies;
  const query = collectQuery(request.rawQueryString);
  if (query) event.queryStringParameters = query;
  if (match?.pathParameters) event.pathParameters = match.pathParameters;
  if (request.body !== undefined && request.body.length > 0) {
    const textual = isTextual(headers['content-type']);
    event.body = request.body.toString(textual ? 'utf8' : 'base64');
    event.isBase64Encoded = !textual;
  }
  return event;
}

/** Lambda's invocation context as far as our handlers can observe it. */
export type LambdaContext = Omit<Context, 'done' | 'fail' | 'succeed'>;

export function lambdaContext(functionName: string, deadline: number): LambdaContext {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:lab:${ACCOUNT_ID}:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'lab',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}
