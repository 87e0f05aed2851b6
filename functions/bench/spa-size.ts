/**
 * Benchmark 5: what a first visit to each SPA route downloads, gzip-compressed.
 *
 * Builds the SPA with the project's own command (`npm run build -w web`, production mode, the web's
 * vite.config.ts and its login-route budget plugin) into a temporary folder with Vite's manifest on, so the
 * build never touches web/dist. The routes come from the router config (web/src/app/router.tsx, read with the
 * TypeScript parser; paths from web/src/config/paths.ts). A route's initial download is index.html's entry chunk
 * and the route's lazy chunk, with everything they import statically (the same walk the budget plugin does over
 * `imports`) and the CSS those chunks carry; every file is counted once, gzip level 9 like the plugin.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, posix, relative } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import ts from 'typescript';
import { findAppRoot } from '../src/runtime/lab/app-root';
import type { BenchFigure, Benchmark, BenchResult } from './bench-result';
import { round } from './support/stats';

const run = promisify(execFile);

/** The target, the same figure web/vite.config.ts enforces on production builds. */
const LOGIN_JS_TARGET_KB = 150;
const LOGIN_PATH = '/login';

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

type Manifest = Record<string, ManifestChunk>;

interface RouteModule {
  /** The URL pattern, e.g. '/matches/:matchId' ('*' for the catch-all). */
  path: string;
  /** The lazy module's import, resolved against the web folder, e.g. 'src/app/routes/auth/login'. */
  module: string;
}

export const spaSize: Benchmark = async (context) => {
  const appRoot = findAppRoot(import.meta.url);
  const webDir = join(appRoot, 'web');
  const outDir = await mkdtemp(join(tmpdir(), 'bench-spa-'));
  try {
    const started = performance.now();
    const build = await buildSpa(appRoot, outDir);
    const buildSeconds = round((performance.now() - started) / 1000, 1);
    context.log(`spa: built in ${buildSeconds} s into ${outDir}`);
    const manifest: Manifest = JSON.parse(await readFile(join(outDir, '.vite', 'manifest.json'), 'utf8'));
    const routes = await readRoutes(webDir);
    const entryKey = Object.keys(manifest).find((key) => manifest[key]?.isEntry);
    if (!entryKey) throw new Error('spa-size: the Vite manifest has no entry chunk');
    const gzipped = new Map<string, number>();
    const gzipSize = async (file: string) => {
      const known = gzipped.get(file);
      if (known !== undefined) return known;
      const size = gzipSync(await readFile(join(outDir, file)), { level: 9 }).byteLength;
      gzipped.set(file, size);
      return size;
    };

    const result: BenchResult = {
      id: 'spa-size',
      title: 'SPA: gzip size of the initial JS/CSS per route',
      setup: {
        build: 'npm run build -w web (production) into a temp folder, manifest on',
        buildSeconds,
        gzip: 'level 9, each file once per route',
        routes: routes.length,
      },
      figures: [],
      notes: [],
    };
    const kb = (bytes: number) => round(bytes / 1024, 1);
    let loginJs: number | null = null;
    for (const route of routes) {
      const chunkKey = ['', '.tsx', '.ts', '.jsx', '.js', '/index.tsx', '/index.ts']
        .map((extension) => `${route.module}${extension}`)
        .find((key) => manifest[key]?.isDynamicEntry);
      if (!chunkKey) {
        result.notes?.push(`${route.path}: no lazy chunk for ${route.module} in the manifest`);
        continue;
      }
      const files = initialFiles(manifest, [entryKey, chunkKey]);
      let js = 0;
      let css = 0;
      for (const file of files.js) js += await gzipSize(file);
      for (const file of files.css) css += await gzipSize(file);
      const isLogin = route.path === LOGIN_PATH;
      if (isLogin) loginJs = js;
      const jsFigure: BenchFigure = { name: `${route.path} initial JS (gzip)`, value: kb(js), unit: 'KB' };
      if (isLogin) {
        Object.assign(jsFigure, {
          ratio: round(kb(js) / LOGIN_JS_TARGET_KB, 2),
          target: `<= ${LOGIN_JS_TARGET_KB} KB`,
          met: js <= LOGIN_JS_TARGET_KB * 1024,
        });
      }
      result.figures.push(jsFigure, {
        name: `${route.path} initial CSS (gzip)`,
        value: kb(css),
        unit: 'KB',
      });
      result.notes?.push(
        `${route.path}: ${files.js.length} JS files (${files.js.map((file) => posix.basename(file)).join(', ')}), ${files.css.length} CSS`,
      );
    }
    const html = await gzipSize('index.html');
    result.figures.push({ name: 'index.html (gzip, every route)', value: kb(html), unit: 'KB' });

    // The build's own budget plugin measures the login route the same way: the two must agree.
    const plugin = /login route initial JS: ([\d.]+) KB gzip in (\d+) files/.exec(build.output);
    if (!plugin)
      result.notes?.push("the build printed no login-route budget line (web/vite.config.ts's plugin)");
    else if (loginJs !== null && Math.abs(Number(plugin[1]) - kb(loginJs)) > 0.1) {
      result.notes?.push(
        `the build's budget plugin says ${plugin[1]} KB for the login route, this benchmark ${kb(loginJs)} KB`,
      );
    } else
      result.notes?.push(
        `the build's budget plugin agrees: login route ${plugin[1]} KB in ${plugin[2]} files`,
      );
    if (!build.ok) result.notes?.push(`the build failed (over budget?):\n${build.output.slice(-2000)}`);
    return result;
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
};

/** Runs the web's build script with extra Vite flags. A failed build is reported, not thrown, when it wrote a manifest. */
async function buildSpa(appRoot: string, outDir: string): Promise<{ ok: boolean; output: string }> {
  const args = ['run', 'build', '-w', 'web', '--', '--outDir', outDir, '--emptyOutDir', '--manifest'];
  try {
    const { stdout, stderr } = await run('npm', args, { cwd: appRoot, maxBuffer: 16 * 1024 * 1024 });
    return { ok: true, output: `${stdout}\n${stderr}` };
  } catch (error) {
    const output = (error as { stdout?: string; stderr?: string }).stdout ?? '';
    const errors = (error as { stderr?: string }).stderr ?? '';
    const manifest = await readFile(join(outDir, '.vite', 'manifest.json'), 'utf8').catch(() => null);
    if (manifest === null) throw new Error(`spa-size: npm run build -w web failed:\n${output}\n${errors}`);
    return { ok: false, output: `${output}\n${errors}` };
  }
}

/** JS and CSS files of `roots` and of everything they import statically (manifest `imports`), each once. */
function initialFiles(manifest: Manifest, roots: readonly string[]): { js: string[]; css: string[] } {
  const seen = new Set<string>();
  const js = new Set<string>();
  const css = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) return;
    js.add(chunk.file);
    for (const file of chunk.css ?? []) css.add(file);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  for (const root of roots) visit(root);
  return { js: [...js], css: [...css] };
}

/**
 * Every route with a `lazy` module in web/src/app/router.tsx: its full path (the `path`s of the enclosing route
 * objects joined; `index: true` is its parent's path) and the module its `lazy` imports.
 */
async function readRoutes(webDir: string): Promise<RouteModule[]> {
  const routerFile = join(webDir, 'src', 'app', 'router.tsx');
  const pathsFile = join(webDir, 'src', 'config', 'paths.ts');
  const paths = readPathConstants(await readFile(pathsFile, 'utf8'), pathsFile);
  const source = ts.createSourceFile(
    routerFile,
    await readFile(routerFile, 'utf8'),
    ts.ScriptTarget.Latest,
    true,
    ts.ScriptKind.TSX,
  );
  const propertyOf = (node: ts.ObjectLiteralExpression, name: string) =>
    node.properties.find(
      (property): property is ts.PropertyAssignment =>
        ts.isPropertyAssignment(property) && ts.isIdentifier(property.name) && property.name.text === name,
    )?.initializer;
  const pathValue = (expression: ts.Expression): string => {
    if (ts.isStringLiteral(expression)) return expression.text;
    if (
      ts.isPropertyAccessExpression(expression) &&
      ts.isIdentifier(expression.expression) &&
      expression.expression.text === 'paths'
    ) {
      const value = paths.get(expression.name.text);
      if (value !== undefined) return value;
    }
    throw new Error(`spa-size: cannot read the route path ${expression.getText(source)} in ${routerFile}`);
  };
  const joinPath = (parent: string, child: string) =>
    child.startsWith('/') || child === '*' ? child : `${parent.replace(/\/$/, '')}/${child}`;
  const routes: RouteModule[] = [];
  const visit = (node: ts.Node, parentPath: string) => {
    let here = parentPath;
    if (ts.isObjectLiteralExpression(node)) {
      const path = propertyOf(node, 'path');
      if (path) here = joinPath(parentPath, pathValue(path));
      const lazy = propertyOf(node, 'lazy');
      if (lazy) {
        const specifier = findDynamicImport(lazy);
        if (!specifier) throw new Error(`spa-size: a lazy route without import() in ${routerFile}`);
        const resolved = relative(webDir, join(dirname(routerFile), specifier))
          .split('\\')
          .join('/');
        routes.push({ path: here, module: resolved });
      }
    }
    ts.forEachChild(node, (child) => visit(child, here));
  };
  visit(source, '/');
  if (routes.length === 0) throw new Error(`spa-size: found no lazy routes in ${routerFile}`);
  return routes;
}

function findDynamicImport(node: ts.Node): string | null {
  if (
    ts.isCallExpression(node) &&
    node.expression.kind === ts.SyntaxKind.ImportKeyword &&
    node.arguments[0] &&
    ts.isStringLiteral(node.arguments[0])
  ) {
    return node.arguments[0].text;
  }
  let found: string | null = null;
  ts.forEachChild(node, (child) => {
    found ??= findDynamicImport(child);
  });
  return found;
}

/** `export const paths = { login: '/login', ... }`: name -> path. */
function readPathConstants(text: string, fileName: string): Map<string, string> {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const paths = new Map<string, string>();
  const visit = (node: ts.Node) => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === 'paths') {
      let initializer = node.initializer;
      while (initializer && (ts.isAsExpression(initializer) || ts.isSatisfiesExpression(initializer))) {
        initializer = initializer.expression;
      }
      if (initializer && ts.isObjectLiteralExpression(initializer)) {
        for (const property of initializer.properties) {
          if (
            ts.isPropertyAssignment(property) &&
            ts.isIdentifier(property.name) &&
            ts.isStringLiteral(property.initializer)
          ) {
            paths.set(property.name.text, property.initializer.text);
          }
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (paths.size === 0) throw new Error(`spa-size: found no paths in ${fileName}`);
  return paths;
}
