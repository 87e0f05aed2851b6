import type { HttpMiddleware, HttpResult } from './types';

const apiHeaders = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

const withApiHeaders = (response: HttpResult | null | undefined) => {
  if (response) response.headers = { ...apiHeaders, ...response.headers };
};

/** API answers are personal: never cached by a shared cache, never sniffed as another type. */
export const apiResponseHeaders = (): HttpMiddleware => ({
  after: (request) => withApiHeaders(request.response),
  onError: (request) => withApiHeaders(request.response),
});
