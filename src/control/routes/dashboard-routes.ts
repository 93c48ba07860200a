import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import express, { type Request, type Response } from 'express';
import { PretixError } from '../../pretix/drf/errors.js';
import { DASHBOARD_DIR } from '../../paths.js';

/** The built assets (scripts/build-ui.ts writes them to dist/ui/) and their media types. */
const FILES = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
} as const;

/** The page loads nothing but its own two assets and talks only to this origin. */
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

async function sendAsset(res: Response, dir: string, name: keyof typeof FILES): Promise<void> {
  let body: Buffer;
  try {
    body = await readFile(join(dir, name));
  } catch {
    throw new PretixError(404, { detail: `The dashboard is not built: ${name} is missing in ${dir} (run npm run build).` });
  }
  res.setHeader('Content-Type', FILES[name]);
  res.setHeader('Content-Length', body.length);
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', CSP);
  res.end(body);
}

/**
 * `GET /__admin/` (the dashboard page) and `GET /__admin/ui/{file}` (its script and style sheet),
 * read from the package on each request. They hold no data and need no admin token (the page
 * asks for it); the spec has already refused other file names.
 */
export function dashboardRoutes(dir = DASHBOARD_DIR): express.Router {
  const router = express.Router({ caseSensitive: true, strict: true });
  // `/__admin` (no slash) stays the control plane's 404, for every method: without this, Express
  // would answer its OPTIONS itself.
  router.use(function dashboardOnly(req, _res, next) {
    next(isDashboardRequest(req) ? undefined : 'router');
  });
  router.get('/', async function getDashboard(_req, res) {
    await sendAsset(res, dir, 'index.html');
  });
  router.get('/ui/:file', async function getDashboardAsset(req, res) {
    await sendAsset(res, dir, req.params.file as 'app.js' | 'app.css');
  });
  return router;
}

/**
 * Whether a request under `/__admin` is for the page (`/__admin/`, not `/__admin`) or one of its
 * assets (`/__admin/ui/<file>`; the spec refuses unknown names with 400): those need no admin token.
 */
export function isDashboardRequest(req: Request): boolean {
  if (req.path === '/') return req.originalUrl.split('?', 1)[0]!.endsWith('/');
  return /^\/ui\/[^/]+$/.test(req.path);
}
