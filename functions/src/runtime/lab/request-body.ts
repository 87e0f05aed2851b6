import type { IncomingMessage, ServerResponse } from 'node:http';

export type RequestBody = { tooLarge: false; bytes: Buffer } | { tooLarge: true };

/** True when Content-Length alone already says the body is over the limit. */
export function declaresTooLargeBody(request: IncomingMessage, maxBytes: number): boolean {
  const declared = Number(request.headers['content-length']);
  return Number.isFinite(declared) && declared > maxBytes;
}

/**
 * Says "go ahead" to a client that announced `Expect: 100-continue` and waits for it before sending its body.
 * The server never says it on its own (see server.ts): only code about to read a body it will accept does.
 */
export function acceptBody(request: IncomingMessage, response: ServerResponse): void {
  if (/100-continue/i.test(request.headers.expect ?? '') && !response.headersSent) response.writeContinue();
}

/**
 * Reads the whole body, but never holds more than `maxBytes`: a body declared or found to be larger resolves
 * `tooLarge` as soon as that is known, with the rest left unread (the caller answers 413; the server then
 * closes the connection, see `closeWhenBodyUnread`). `maxBytes` 0 accepts only an empty body. Rejects when
 * the client aborts.
 */
export function readRequestBody(
  request: IncomingMessage,
  response: ServerResponse,
  maxBytes: number,
): Promise<RequestBody> {
  if (declaresTooLargeBody(request, maxBytes)) return Promise.resolve({ tooLarge: true });
  acceptBody(request, response);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      request.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        cleanup();
        chunks.length = 0;
        request.pause();
        resolve({ tooLarge: true });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve({ tooLarge: false, bytes: Buffer.concat(chunks, size) });
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onClose = () => {
      cleanup();
      reject(new Error('the client closed the connection before the request body was complete'));
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
    request.on('close', onClose);
  });
}

/** After answering without reading the whole body: how long, and how much more of it, we discard before cutting the line. */
const LINGER_MS = 2_000;
const LINGER_BYTES = 1024 * 1024;

/**
 * Registered for every request: once the answer is out, a request whose body was not (fully) read (refused,
 * unknown route, a route that takes no body, a static file) gets its connection closed instead of the server
 * reading the rest of the body to reuse it. Closing at once would reset the connection while the client is
 * still sending, and most clients then report the reset instead of our answer. So, like nginx's lingering
 * close: send FIN, discard what is still in flight for a moment (bounded in time and bytes, never buffered),
 * then destroy the socket.
 */
export function closeWhenBodyUnread(request: IncomingMessage, response: ServerResponse): void {
  response.once('finish', () => {
    if (request.complete || request.destroyed) return;
    const socket = request.socket;
    socket.end();
    const cut = () => socket.destroy();
    const timer = setTimeout(cut, LINGER_MS);
    socket.once('close', () => clearTimeout(timer));
    let discarded = 0;
    request.on('data', (chunk: Buffer) => {
      discarded += chunk.length;
      if (discarded > LINGER_BYTES) cut();
    });
    request.resume();
  });
}
