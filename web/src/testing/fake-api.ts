import { vi } from 'vitest';

/** One request the component made, with its parsed JSON body. */
export interface RecordedCall {
  method: string;
  path: string;
  body: unknown;
}

type Answer = Response | ((call: RecordedCall) => Response | Promise<Response>);

export const json = (status: number, body?: unknown) =>
  body === undefined
    ? new Response(null, { status })
    : new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

export const apiError = (status: number, code: string, message: string, fields?: Record<string, string[]>) =>
  json(status, { error: { code, message, ...(fields ? { details: { fields } } : {}) } });

/**
 * Stands in for the API server at the network edge (`fetch`): answers by "METHOD /path" (the query string
 * is ignored for matching, kept in `calls`) and records every request, so tests assert the calls made.
 * A route without an answer fails loudly with 501.
 */
export function fakeApi(routes: Record<string, Answer> = {}) {
  const calls: RecordedCall[] = [];
  const answers = new Map(Object.entries(routes));
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://app.test');
    const method = init?.method ?? 'GET';
    const call = {
      method,
      path: `${url.pathname}${url.search}`,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    calls.push(call);
    const answer = answers.get(`${method} ${url.pathname}`);
    if (!answer)
      return json(501, { error: { code: 'not_implemented', message: `${method} ${url.pathname}` } });
    return typeof answer === 'function' ? answer(call) : answer.clone();
  });
  vi.stubGlobal('fetch', fetch);
  return {
    calls,
    /** Sets or replaces the answer for "METHOD /path". */
    on(route: string, answer: Answer) {
      answers.set(route, answer);
    },
  };
}
