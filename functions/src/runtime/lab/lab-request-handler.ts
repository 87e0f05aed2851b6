import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../ports/logger';
import type { Store } from '../../ports/repositories';
import { describeClient } from './client-connection';
import { createCors } from './cors';
import { answerLiveness, answerReadiness } from './health';
import type { HttpGateway } from './http-gateway';
import { refuseUnlessGetOrHead, sendError } from './json-response';
import { UPLOAD_PATH } from './open-blobs';
import { isUnder, parseRequestTarget } from './request-target';
import { securityHeaders } from './security-headers';
import { createStaticFiles } from './static-files';
import type { UploadEndpoint } from './upload-endpoint';

export interface LabRequestHandlerOptions {
  gateway: HttpGateway;
  store: Store;
  /** The emulated presigned-POST endpoint (BLOBS=fs); null when browsers upload to S3 directly. */
  uploads: UploadEndpoint | null;
  /** `/media/*`: photo renditions from the blob store. */
  media: (request: IncomingMessage, response: ServerResponse, path: string) => Promise<void>;
  webDir: string;
  trustProxy: boolean;
  corsOrigins: readonly string[];
  /** Origins outside ours the SPA must reach (the S3 store browsers upload photos to). */
  connectOrigins: readonly string[];
  log: Logger;
  /** True once shutdown began: answers say `connection: close`, /readyz says 503. */
  isDraining: () => boolean;
}

/**
 * The one origin, split the way CloudFront's behaviours split it on AWS: `/api/*` to the HTTP API
 * (the gateway), `/media/*` to the photo store, `/uploads` to the emulated S3 POST, `/ws` to the WebSocket
 * API, everything else to the SPA. Probes are the runtime's own. Every answer gets the security headers first, so nothing can leave without them.
 */
export function createLabRequestHandler(options: LabRequestHandlerOptions) {
  const cors = createCors(options.corsOrigins);
  const serveStatic = createStaticFiles(options.webDir);

  const route = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const client = describeClient(request, options.trustProxy);
    for (const [name, value] of Object.entries(
      securityHeaders(request.headers.host, client, options.connectOrigins),
    )) {
      response.setHeader(name, value);
    }
    if (options.isDraining()) response.setHeader('connection', 'close');

    const target = parseRequestTarget(request.url);
    if (target === null) {
      sendError(response, 'validation_failed', 'Only origin-form request targets (/path?query) are accepted');
      return;
    }
    if (cors(request, response)) return;

    const { path } = target;
    if (path === '/healthz' || path === '/readyz') {
      if (refuseUnlessGetOrHead(request, response)) return;
      if (path === '/healthz') {
        answerLiveness(response);
      } else {
        await answerReadiness(response, options.store, options.isDraining(), options.log);
      }
      return;
    }
    if (isUnder(path, '/api')) {
      await options.gateway(request, response, target, client);
      return;
    }
    if (isUnder(path, '/media')) {
      await options.media(request, response, path);
      return;
    }
    if (isUnder(path, UPLOAD_PATH) && options.uploads !== null) {
      await options.uploads.handle(request, response, client.sourceIp);
      return;
    }
    if (isUnder(path, '/ws') || isUnder(path, UPLOAD_PATH)) {
      // WebSocket upgrades on /ws go to the WebSocket gateway (the server's 'upgrade' event), so a plain
      // request there finds nothing; /uploads exists only with BLOBS=fs.
      sendError(response, 'not_found', 'Not found');
      return;
    }
    await serveStatic(request, response, target);
  };

  return (request: IncomingMessage, response: ServerResponse): void => {
    route(request, response).catch((error: unknown) => {
      const aborted = request.destroyed || response.destroyed;
      if (!aborted) {
        options.log.error('request failed in the lab runtime', {
          method: request.method,
          url: request.url,
          error,
        });
      }
      if (!response.headersSent && !response.destroyed) {
        sendError(response, 'internal', 'Something went wrong; please try again');
      } else {
        response.destroy();
      }
    });
  };
}
