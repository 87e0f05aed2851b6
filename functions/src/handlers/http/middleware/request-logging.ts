import { randomUUID } from 'node:crypto';
import type { HttpMiddleware } from './types';

function parseCookies(cookies: string[] | undefined): Record<string, string> {
  const jar: Record<string, string> = Object.create(null);
  for (const cookie of cookies ?? []) {
    for (const part of cookie.split(';')) {
      const index = part.indexOf('=');
      if (index <= 0) continue;
      const name = part.slice(0, index).trim();
      if (!(name in jar)) jar[name] = part.slice(index + 1).trim();
    }
  }
  return jar;
}

/**
 * Gives every request an id (API Gateway's, or a fresh one), a child logger carrying it, and one access log
 * line with status and latency. The id is echoed in `x-request-id` so users can quote it in bug reports.
 */
export const requestLogging = (): HttpMiddleware => {
  const started = new WeakMap<object, number>();
  const finish: HttpMiddleware['after'] = (request) => {
    const status = request.response?.statusCode ?? 500;
    const fields = {
      method: request.event.requestContext.http.method,
      path: request.event.rawPath,
      routeKey: request.event.routeKey,
      status,
      durationMs: Math.round(performance.now() - (started.get(request) ?? performance.now())),
      userId: request.context.caller?.userId,
    };
    request.context.log.info('request', fields);
    if (request.response) {
      request.response.headers = {
        ...request.response.headers,
        'x-request-id': request.context.meta.requestId,
      };
    }
  };
  return {
    before: (request) => {
      started.set(request, performance.now());
      const { event, context } = request;
      const requestId = event.requestContext.requestId || randomUUID();
      const headers = event.headers ?? {};
      context.meta = {
        requestId,
        sourceIp: event.requestContext.http.sourceIp,
        userAgent: event.requestContext.http.userAgent ?? headers['user-agent'] ?? '',
        secure: (headers['x-forwarded-proto'] ?? 'https') === 'https',
        cookies: parseCookies(event.cookies),
      };
      context.log = context.deps.log.child({ requestId });
      context.caller = null;
    },
    after: finish,
    onError: finish,
  };
};
