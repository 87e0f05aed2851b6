import { brotliDecompressSync } from 'node:zlib';
import type { OpenApiDocumentSource } from '../../handlers/http/system-routes';

/**
 * The document as the bundler defines it for the system function (`bundleDefines` in
 * functions/scripts/lambda-bundling.ts: built from the route table, brotli-compressed, base64), undefined when
 * the entry runs unbundled (tests), which builds it from the route table on first use instead. In the bundle
 * that branch is dead code, so the route table and every service behind it stay out of the function.
 */
declare const LAMBDA_OPENAPI_DOCUMENT: string | undefined;

/** Written by the bundler with an empty version; each answer carries the deployed one. */
let bundled: Record<string, unknown> | undefined;

export const openApiDocument: OpenApiDocumentSource = async (version) => {
  if (typeof LAMBDA_OPENAPI_DOCUMENT === 'string') {
    bundled ??= JSON.parse(
      brotliDecompressSync(Buffer.from(LAMBDA_OPENAPI_DOCUMENT, 'base64')).toString('utf8'),
    );
    const document = bundled as { info: Record<string, unknown> };
    return { ...document, info: { ...document.info, version } };
  } else {
    const [{ buildOpenApiDocument }, { httpRoutes }] = await Promise.all([
      import('../../handlers/http/openapi'),
      import('../../routes'),
    ]);
    return buildOpenApiDocument(httpRoutes, version);
  }
};
