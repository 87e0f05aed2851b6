/**
 * Served instead of the SPA while WEB_DIR has no index.html (a fresh checkout, or an API-only image),
 * so the server still answers something useful at `/`. Script-free, like everything under our CSP.
 */
export const placeholderPage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>Heartwood: web app not built</title>
</head>
<body>
<h1>The web app is not built</h1>
<p>This server is running, but the folder it serves the web app from has no <code>index.html</code>.
Build it with <code>npm run build -w web</code> (or set <code>WEB_DIR</code>) and reload.</p>
<p>The API is up: see <a href="/api/docs">/api/docs</a>.</p>
</body>
</html>
`;
