import { readdir, readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { errorBody, methodNotAllowed, sendJson } from './http.js';

/** The dashboard's own files (`index.html`, scripts, styles), served under `/_conveyor/assets/`. */
export const DASHBOARD_ASSETS_DIR = fileURLToPath(new URL('../dashboard/assets/', import.meta.url));

/** Content type per file extension; a file with any other extension is not served. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** uPlot's browser build and stylesheet, from the `uplot` package (either spelling of the name). */
const UPLOT_FILES: Readonly<Record<string, string>> = {
  'uplot.iife.min.js': 'uPlot.iife.min.js',
  'uPlot.iife.min.js': 'uPlot.iife.min.js',
  'uplot.min.css': 'uPlot.min.css',
  'uPlot.min.css': 'uPlot.min.css',
};

/** A plain file name: no separators, no leading dot, so nothing outside the folder can be named. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

const PLACEHOLDER = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Conveyor (local)</title></head>
<body style="font-family: system-ui, sans-serif; margin: 2rem">
<h1>Conveyor is running</h1>
<p>The dashboard's files are missing (<code>local/dashboard/assets/index.html</code>). Meanwhile:
<a href="/_conveyor/health">health</a>, <a href="/_conveyor/metrics">metrics</a>, <a href="/_conveyor/dlq">dead letters</a>,
<a href="/_conveyor/events">events (SSE)</a>.</p>
</body></html>
`;

/** Where the files come from (tests point them elsewhere). */
export interface DashboardFiles {
  /** @default {@link DASHBOARD_ASSETS_DIR} */
  readonly assetsDir?: string;
  /** Folder holding uPlot's files. @default the `uplot` package's `dist/` */
  readonly uplotDir?: string;
}

/**
 * Serves the dashboard: `GET /_conveyor/` is `index.html` (a placeholder page when it is missing),
 * `GET /_conveyor/assets/<file>` a file of the assets folder (only plain names of files it holds with
 * a known extension, so no path escapes it) or uPlot's two files. Own files are revalidated on every
 * load (`no-cache` with an ETag); uPlot's are cached for a day. `HEAD` is answered too.
 */
export function createDashboardRoutes(files: DashboardFiles = {}): (req: IncomingMessage, res: ServerResponse, route: string) => Promise<void> {
  const assetsDir = files.assetsDir ?? DASHBOARD_ASSETS_DIR;
  let uplotDir = files.uplotDir;
  const uplot = () => (uplotDir ??= join(dirname(createRequire(import.meta.url).resolve('uplot/package.json')), 'dist'));

  return async (req, res, route) => {
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      methodNotAllowed(res, method);
      return;
    }
    if (route === '/') {
      const served = await serveFile(req, res, join(assetsDir, 'index.html'), 'no-cache');
      if (!served) sendText(req, res, 200, CONTENT_TYPES['.html'] as string, PLACEHOLDER);
      return;
    }
    const name = decodeName(route.slice('/assets/'.length));
    const uplotName = name === undefined ? undefined : UPLOT_FILES[name];
    if (uplotName !== undefined) {
      if (await serveFile(req, res, join(uplot(), uplotName), 'public, max-age=86400')) return;
    } else if (name !== undefined && (await listAssets(assetsDir)).includes(name)) {
      if (await serveFile(req, res, join(assetsDir, name), 'no-cache')) return;
    }
    sendJson(res, 404, errorBody('NOT_FOUND', `no dashboard asset ${route.slice('/assets/'.length).slice(0, 100)}`));
  };
}

/** The file names the assets folder holds that may be served. */
async function listAssets(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((entry) => entry.isFile() && SAFE_NAME.test(entry.name) && CONTENT_TYPES[extname(entry.name)] !== undefined).map((entry) => entry.name);
  } catch {
    return [];
  }
}

function decodeName(encoded: string): string | undefined {
  try {
    const name = decodeURIComponent(encoded);
    return SAFE_NAME.test(name) ? name : undefined;
  } catch {
    return undefined;
  }
}

/** Sends a file with its content type, ETag and cache policy (304 when the ETag matches); false when it cannot be read. */
async function serveFile(req: IncomingMessage, res: ServerResponse, path: string, cacheControl: string): Promise<boolean> {
  let body: Buffer;
  let etag: string;
  try {
    const info = await stat(path);
    if (!info.isFile()) return false;
    etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
    body = await readFile(path);
  } catch {
    return false;
  }
  const headers = { 'content-type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream', 'cache-control': cacheControl, etag, 'x-content-type-options': 'nosniff' };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers).end();
    return true;
  }
  res.writeHead(200, { ...headers, 'content-length': body.length });
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}

function sendText(req: IncomingMessage, res: ServerResponse, status: number, contentType: string, text: string): void {
  const body = Buffer.from(text);
  res.writeHead(status, { 'content-type': contentType, 'content-length': body.length, 'cache-control': 'no-cache' });
  res.end(req.method === 'HEAD' ? undefined : body);
}
