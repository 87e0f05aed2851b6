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

import type { FunctionGroup } from '../src/handlers/http/http-route';
import { groupNeeds } from '../src/runtime/aws/group-needs';

/** Target of TOOLING.md / issue 7: an API function stays within 650 KB minified. */
export const MAX_HTTP_BUNDLE_BYTES = 650 * 1024;

/**
 * Functions that wire the photos bucket carry the S3 client (~150 KB with its S3-only middleware, loaded
 * lazily on first use, so it costs bytes but no cold-start time unless a photo is touched): they get this
 * budget instead. Measured 2026-11-25: profile 651 KB, photos 654 KB.
 */
export const MAX_HTTP_BUNDLE_BYTES_WITH_S3 = 700 * 1024;

export const bundleBudget = (functionName: string): number =>
  functionName in groupNeeds && groupNeeds[functionName as FunctionGroup].blobs
    ? MAX_HTTP_BUNDLE_BYTES_WITH_S3
    : MAX_HTTP_BUNDLE_BYTES;

/** Native modules left out of the bundle and shipped beside it (photo function only). */
export const PHOTO_FUNCTION_EXTERNALS = ['sharp'];

/**
 * Packages that must never reach an HTTP function: zod classic (as heavy as the SDK; the contract uses
 * zod/mini), the PostgreSQL drivers of the lab, and sharp (native, photo function only).
 */
export const FORBIDDEN_IN_HTTP_BUNDLES: readonly { name: string; pattern: RegExp }[] = [
  { name: 'zod classic', pattern: /node_modules\/zod\/(v4\/classic|v3)\// },
  { name: 'pg', pattern: /node_modules\/(pg|pg-[a-z-]+|pgpass)\// },
  { name: 'PGlite', pattern: /node_modules\/@electric-sql\// },
  { name: 'sharp', pattern: /node_modules\/(sharp|@img)\// },
];
