import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync } from 'node:zlib';
import { buildOpenApiDocument } from '../src/handlers/http/openapi';
import { httpRoutes } from '../src/routes';
import { httpEntryFile } from '../src/runtime/aws/function-groups';

/**
 * How every Lambda function is bundled, shared by the CDK app (`NodejsFunction` props) and the bundle
 * report and tests (esbuild's API with the same options), so what is measured is what is deployed.
 */

/** ESM bundles of CommonJS packages still call `require` for Node built-ins; give them one. */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

/** Node.js 22 on Lambda (the machines here run Node 20; the bundle targets the Lambda runtime). */
export const LAMBDA_NODE_TARGET = 'node22';

/** Prefer packages' ESM builds: they tree-shake (the AWS SDK's `dist-es`). */
export const LAMBDA_MAIN_FIELDS = ['module', 'main'];

const ALIASES_DIR = fileURLToPath(new URL('../src/runtime/aws/bundle-aliases/', import.meta.url));

/**
 * Modules every Lambda bundle takes from this repository instead of node_modules (esbuild `alias`): each
 * keeps what a Lambda function uses of the module and drops what only costs load time there. Why, per
 * module, in the replacement's header; functions/test/lambda/bundle-aliases.test.ts holds each to the
 * original's exports and behaviour.
 */
export const LAMBDA_MODULE_ALIASES: Readonly<Record<string, string>> = {
  // The SDK's default credential chain minus what Lambda never uses (SSO, INI files, STS, EC2 metadata).
  '@aws-sdk/credential-provider-node': join(ALIASES_DIR, 'credential-provider-node.ts'),
  // @middy/core's `instanceof ReadableStream`, without loading Node's web streams on every cold start.
  'node:stream/web': join(ALIASES_DIR, 'stream-web.ts'),
  // The SDK's event-stream support: no operation of DynamoDB (the one SDK client bundled) streams events.
  '@smithy/core/event-streams': join(ALIASES_DIR, 'smithy-event-streams.ts'),
};

/**
 * Constants the bundler writes into an entry's bundle (esbuild `define`), per entry file. The system function
 * gets the OpenAPI document of the route table (see runtime/aws/openapi-document.ts): ~5 KB compressed instead
 * of every route's services.
 */
export function bundleDefines(entryFile: string): Record<string, string> {
  if (entryFile !== httpEntryFile('system')) return {};
  const document = brotliCompressSync(JSON.stringify(buildOpenApiDocument(httpRoutes, ''))).toString(
    'base64',
  );
  return { LAMBDA_OPENAPI_DOCUMENT: JSON.stringify(document) };
}

/**
 * The size budget of every function. Measured 2026-11-26: 300-315 KB for every
 * function but auth (400 KB: the 10,000 common passwords), and the stock SDK-only handler 334 KB; the budget
 * keeps what the module aliases, the signed AWS requests (no S3, Secrets Manager or API Gateway SDK client),
 * HS256 on node:crypto and the bundle-time OpenAPI document took off, with room for features.
 */
export const MAX_BUNDLE_BYTES = 450 * 1024;

/** Native modules left out of the bundle and shipped beside it (photo function only). */
export const PHOTO_FUNCTION_EXTERNALS = ['sharp'];

/**
 * Packages that must never reach an HTTP function: zod classic (as heavy as the SDK; the contract uses
 * zod/mini), the PostgreSQL drivers of the lab, sharp (native, photo function only), and what the functions
 * do without on purpose: the SDK clients of S3, Secrets Manager and API Gateway (signed requests instead);
 * each one brought 10-150 KB and its first use milliseconds. (jose is allowed: device cookies use it.)
 */
export const FORBIDDEN_IN_HTTP_BUNDLES: readonly { name: string; pattern: RegExp }[] = [
  { name: 'zod classic', pattern: /node_modules\/zod\/(v4\/classic|v3)\// },
  { name: 'pg', pattern: /node_modules\/(pg|pg-[a-z-]+|pgpass)\// },
  { name: 'PGlite', pattern: /node_modules\/@electric-sql\// },
  { name: 'sharp', pattern: /node_modules\/(sharp|@img)\// },
  {
    name: 'an SDK client other than DynamoDB',
    pattern: /node_modules\/@aws-sdk\/(client-(?!dynamodb\/)[a-z0-9-]+|s3-presigned-post)\//,
  },
];
