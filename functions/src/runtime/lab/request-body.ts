import type { IncomingMessage, ServerResponse } from 'node:http';

/** API Gateway HTTP APIs accept request bodies up to 10 MB. */
export const MAX_REQUEST_BODY_BYTES = 10 * 1024 * 1024;

export type RequestBody = { tooLarge: false; bytes: Buffer } | { tooLarge: true };

/** True when Content-Length alone already says the body is over the limit. */
export function declaresTooLargeBody(request: IncomingMessage, maxBytes: number): boolean {
  const declared = Number(request.headers['content-length']);
  return Number.isFinite(declared) && declared > maxBytes;
}

/**
 * Reads the whole body, but never more than `maxBytes`: a body declared or found to be larger resolves
 * `tooLarge` at once, with the rest left unread (the caller answers 413 and closes the connection).
 * Rejects when the client aborts.
 */
export function readRequestBody(request: IncomingMessage, maxBytes: number): Promise<RequestBody> {
  if (declaresTooLargeBody(request, maxBytes)) return Promise.resolve({ tooLarge: true });
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

/** After refusing a body: how long, and how much more of it, we accept to read before cutting the line. */
const LINGER_MS = 2_000;
const LINGER_BYTES = MAX_REQUEST_BODY_BYTES;

/**
 * Closes the connection of a request whose body we refused, once the answer is out. Closing at once
 * would reset the connection while the client is still sending, and most clients then report the reset
 * instead of our 413. So, like nginx's lingering close: send FIN, discard what is still in flight for a
 * moment (bounded in time and bytes), then destroy the socket.
 */
export function closeAfterRefusal(request: IncomingMessage, response: ServerResponse): void {
  response.once('finish', () => {
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
