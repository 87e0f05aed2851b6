import { request as httpRequest } from 'node:http';
import type { ApiResponse } from '../support/api-session';
import { errorCode } from '../support/api-session';

/** How long one request may take before the suites call it a hang (generous: a loaded 2-core CI box). */
export const REQUEST_TIMEOUT_MS = 10_000;

export interface TimedResponse extends ApiResponse {
  /** Milliseconds from sending to the end of the answer. */
  elapsedMs: number;
}

/**
 * One request with the path sent exactly as given (no normalization or re-encoding), failing with a clear
 * "hang" error when no complete answer arrives within `timeoutMs`.
 */
export function timedRequest(
  baseUrl: string,
  path: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    timeoutMs?: number;
  } = {},
): Promise<TimedResponse> {
  const { hostname, port } = new URL(baseUrl);
  const method = options.method ?? 'GET';
  const timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;
  const headers = { ...options.headers };
  // Framed explicitly: without it Node sends a GET/DELETE body unframed, and the server rightly reads it as
  // a second, malformed request.
  if (options.body !== undefined) headers['content-length'] = String(Buffer.byteLength(options.body));
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const request = httpRequest({ hostname, port, path, method, headers, agent: false });
    const timer = setTimeout(() => {
      request.destroy();
      reject(new Error(`hang: ${method} ${path.slice(0, 200)} gave no complete answer in ${timeoutMs} ms`));
    }, timeoutMs);
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      response.on('end', () => {
        clearTimeout(timer);
        const text = Buffer.concat(chunks).toString('utf8');
        const headers = new Headers();
        for (const [name, value] of Object.entries(response.headers)) {
          if (typeof value === 'string') headers.set(name, value);
          else if (Array.isArray(value)) for (const item of value) headers.append(name, item);
        }
        let body: unknown = text === '' ? undefined : text;
        if (/[/+]json\b/.test(headers.get('content-type') ?? '') && text !== '') {
          try {
            body = JSON.parse(text);
          } catch {
            body = text; // the checks below then report "not an error envelope"
          }
        }
        resolve({
          status: response.statusCode ?? 0,
          headers,
          body,
          text,
          elapsedMs: performance.now() - started,
        });
      });
    });
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.end(options.body);
  });
}

/** Texts that must never reach a client: stack frames, source paths, SQL and driver errors, runtime error names. */
const LEAK_PATTERNS: Array<[string, RegExp]> = [
  ['a stack frame', /\bat (?:async )?[\w$.<>[\] ]*\(?(?:file:\/\/|\/|node:)[^\s)]*:\d+:\d+/],
  ['a stack frame', /\n\s+at .+:\d+:\d+/],
  ['a source path', /(?:\/work\/|\/home\/|\/var\/task\/|node_modules|[\w-]+\.(?:ts|js|mjs|cjs):\d+)/],
  ['SQL text', /\b(?:SELECT\s+[\w*"]+.*\bFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\b/i],
  [
    'a database error',
    /(?:syntax error at or near|violates (?:unique|foreign key|check) constraint|relation "\w+"|pglite|ConditionalCheckFailed|ValidationException|ResourceNotFoundException)/i,
  ],
  [
    'a runtime error',
    /\b(?:TypeError|ReferenceError|RangeError|SyntaxError|ZodError|Cannot read propert(?:y|ies) of)\b/,
  ],
];

/** The first leak found in a response text, or undefined. */
export function findLeak(text: string): string | undefined {
  for (const [what, pattern] of LEAK_PATTERNS) {
    const found = pattern.exec(text);
    if (found) return `${what}: ${JSON.stringify(found[0].slice(0, 120))}`;
  }
  return undefined;
}

/**
 * What every answer must be, whatever was sent: not a 5xx, the error envelope when it is an error, no leak of
 * internals, answered in time. Throws a message good enough to reproduce the case.
 */
export function assertWellBehaved(response: TimedResponse, what: string): void {
  const context = () => `${what}\n-> ${response.status} ${response.text.slice(0, 400)}`;
  if (response.status >= 500) throw new Error(`server error\n${context()}`);
  if (response.status >= 400) {
    try {
      errorCode(response);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${context()}`);
    }
  }
  const leak = findLeak(response.text);
  if (leak) throw new Error(`leaked ${leak}\n${context()}`);
}

/** Percent-encodes every byte of the UTF-8 form except unreserved ones; never throws (lone surrogates too). */
export const encodeAny = (text: string) =>
  [...Buffer.from(text, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9\-._~]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');

/** Every `{name}` in an API Gateway style path. */
export const pathParamNames = (path: string) =>
  [...path.matchAll(/\{(\w+)\+?\}/g)].map((m) => m[1] as string);

/** The path with each `{name}` replaced by `values[name]`, inserted verbatim (encode before if need be). */
export const fillPath = (path: string, values: Record<string, string>) =>
  path.replace(/\{(\w+)\+?\}/g, (_whole, name: string) => values[name] ?? 'missing');
