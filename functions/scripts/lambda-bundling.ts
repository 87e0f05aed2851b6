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

/** Target of TOOLING.md: an HTTP function stays within 650 KB minified (the DynamoDB client alone is ~550). */
export const MAX_HTTP_BUNDLE_BYTES = 650 * 1024;

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
