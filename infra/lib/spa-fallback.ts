/**
 * CloudFront Function (cloudfront-js-2.0, viewer request) of the SPA's default behaviour only: a path whose
 * last segment has no dot is a client-side route and gets /index.html; files are served as they are. It runs
 * on no other behaviour, so an API 404 (or a missing /media object) is never turned into the SPA page, which
 * distribution-wide custom error responses would do.
 */
export const SPA_FALLBACK_CODE = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.indexOf('.', uri.lastIndexOf('/') + 1) === -1) {
    request.uri = '/index.html';
  }
  return request;
}`;

/** Deployed when web/dist has not been built, so the stack still deploys and says what to do. */
export const PLACEHOLDER_INDEX_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Heartwood</title></head><body><h1>The web app has not been built</h1>
<p>Run <code>npm run build -w web</code>, then <code>npx cdk deploy --all</code> again. The API is up at
<a href="/api/docs">/api/docs</a>.</p></body></html>
`;
