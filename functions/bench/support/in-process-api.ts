import { createHttpDispatcher } from '../../src/handlers/http/lambda-handler';
import { httpRoutes } from '../../src/routes';
import {
  buildHttpApiEvent,
  lambdaContext,
  newGatewayRequestId,
} from '../../src/runtime/lab/api-gateway-event';
import { compileRouteTable } from '../../src/runtime/lab/route-matcher';
import type { Deps } from '../../src/services/deps';

export interface ApiCall {
  /** A JSON body. */
  json?: unknown;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** Cookie header entries, e.g. the refresh cookie the previous answer set. */
  cookies?: readonly string[];
  /** The caller's IP as API Gateway reports it (per-IP rate limits). */
  sourceIp?: string;
}

export interface ApiAnswer<T> {
  status: number;
  body: T;
  /** `name=value` of every Set-Cookie of the answer (attributes dropped). */
  cookies: string[];
}

export type InProcessApi = <T = unknown>(
  method: string,
  path: string,
  call?: ApiCall,
) => Promise<ApiAnswer<T>>;

/**
 * The HTTP API as Lambda runs it, without a network: each call becomes the API Gateway v2 event the gateway
 * would send (the lab runtime's own event builder and route selection) and goes to the same dispatcher and
 * middleware chain the AWS entry handlers use (`createHttpDispatcher`), with the Deps given here.
 */
export function inProcessApi(deps: Deps): InProcessApi {
  const dispatch = createHttpDispatcher(httpRoutes, async () => deps);
  const matchRoute = compileRouteTable(httpRoutes);
  return async <T>(method: string, path: string, call: ApiCall = {}): Promise<ApiAnswer<T>> => {
    const url = new URL(path, 'https://bench.example');
    const rawHeaders = ['host', 'bench.example', 'user-agent', 'bench'];
    if (call.token) rawHeaders.push('authorization', `Bearer ${call.token}`);
    if (call.cookies?.length) rawHeaders.push('cookie', call.cookies.join('; '));
    let body = Buffer.alloc(0);
    if (call.json !== undefined) {
      rawHeaders.push('content-type', 'application/json');
      body = Buffer.from(JSON.stringify(call.json), 'utf8');
    }
    const receivedAt = new Date();
    const sourceIp = call.sourceIp ?? '203.0.113.10';
    const event = buildHttpApiEvent(
      {
        method,
        path: decodeURIComponent(url.pathname),
        rawQueryString: url.search.replace(/^\?/, ''),
        rawHeaders,
        httpVersion: '1.1',
        body,
        client: { sourceIp, protocol: 'https', port: '443', forwardedFor: sourceIp },
        requestId: newGatewayRequestId(),
        receivedAt,
      },
      matchRoute(method, decodeURIComponent(url.pathname)),
    );
    const result = await dispatch(event, lambdaContext('bench', receivedAt.getTime() + 30_000));
    const text = result.body === undefined ? '' : result.body;
    return {
      status: result.statusCode ?? 200,
      body: (text === '' ? undefined : JSON.parse(text)) as T,
      cookies: (result.cookies ?? []).map((cookie) => cookie.split(';')[0] ?? ''),
    };
  };
}
