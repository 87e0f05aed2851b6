/**
 * Stands in for `@smithy/core/event-streams` in the Lambda bundles (esbuild `alias`, see
 * functions/scripts/lambda-bundling.ts). The SDK's protocol layer imports it on demand for operations that
 * stream events; the one SDK client the functions use (DynamoDB) has none, yet the bundler inlines the ~15 KB
 * module, parsed on every cold start. Should an operation ever need it, it fails loudly here.
 */
const notBundled = (): never => {
  throw new Error(
    'Event streams are not bundled into the Lambda functions (LAMBDA_MODULE_ALIASES in functions/scripts/lambda-bundling.ts)',
  );
};

export class EventStreamSerde {
  constructor() {
    notBundled();
  }
}

export const eventStreamSerdeProvider = notBundled;
