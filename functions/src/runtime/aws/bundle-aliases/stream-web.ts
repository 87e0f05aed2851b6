/**
 * Stands in for `node:stream/web` in the Lambda bundles (esbuild `alias`, see functions/scripts/lambda-bundling.ts).
 * @middy/core imports `ReadableStream` from it only to test `instanceof` on streamed responses, which these
 * functions never return, yet loading Node's web streams costs a few milliseconds of every cold start. This
 * defers to the global `ReadableStream` (the same class) only when something actually uses it.
 */
const actual = (): typeof globalThis.ReadableStream => globalThis.ReadableStream;

export const ReadableStream: typeof globalThis.ReadableStream = new Proxy(
  function ReadableStream() {} as unknown as typeof globalThis.ReadableStream,
  {
    construct: (_target, args) => Reflect.construct(actual(), args),
    get: (_target, key) =>
      key === Symbol.hasInstance ? (value: unknown) => value instanceof actual() : Reflect.get(actual(), key),
  },
);
