import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router, type RequestHandler } from 'express';

export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

/** Files at the root that name no version: a browser must ask for them again every time. */
const REVALIDATED = new Set(['sw.js', 'index.html', 'manifest.webmanifest']);

/**
 * Serves the built web client. Hashed assets are cached for a year, immutable (their names
 * change with their content); index.html, the service worker (/sw.js) and the manifest are
 * revalidated (`no-cache`), so a deploy reaches students at their next load and a new worker is
 * seen at once. The worker's script is same-origin, which the CSP's `'self'` allows
 * (worker-src falls back to script-src, then default-src).
 */
export function createWebRouter(dist: string): Router {
  const router = Router();
  const index = path.join(dist, 'index.html');
  router.use('/assets', precompressed(path.join(dist, 'assets')));
  router.use(
    '/assets',
    express.static(path.join(dist, 'assets'), {
      immutable: true,
      maxAge: '365d',
      fallthrough: false,
    }),
  );
  router.use(
    express.static(dist, {
      index: false,
      maxAge: 0,
      setHeaders(res, file) {
        if (REVALIDATED.has(path.basename(file))) res.setHeader('Cache-Control', 'no-cache');
        if (file.endsWith('.webmanifest')) res.type('application/manifest+json');
      },
    }),
  );
  router.get('/{*path}', (_req, res) => {
    if (!existsSync(index)) {
      res
        .status(503)
        .type('text/plain')
        .send('The web client is not built. Run `npm run build:web` (npm start does it for you).');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}

/** Hashed asset names as Vite writes them: no directories, nothing to escape. */
const ASSET_NAME = /^\/[\w.-]+\.(js|css)$/;

/** Smallest first: Brotli is ~15 % smaller than gzip on our chunks. */
const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

/**
 * Sends `<asset>.br` or `<asset>.gz` (both written by the web build) to a browser that accepts
 * it, Brotli first: on a 400 kbit/s link the session route's scripts take a quarter of the time.
 * A refused encoding (`br;q=0`) is not sent. Anything else falls through to the plain file.
 */
function precompressed(assets: string): RequestHandler {
  return (req, res, next) => {
    const match = ASSET_NAME.exec(req.path);
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !match) {
      next();
      return;
    }
    res.setHeader('Vary', 'Accept-Encoding');
    for (const encoding of ENCODINGS) {
      if (req.acceptsEncodings(encoding.name) !== encoding.name) continue;
      const file = path.join(assets, `${req.path.slice(1)}${encoding.suffix}`);
      if (!existsSync(file)) continue;
      res.setHeader('Content-Encoding', encoding.name);
      res.type(match[1]!);
      res.sendFile(file, { maxAge: '365d', immutable: true }, (error) => {
        if (error) next(error);
      });
      return;
    }
    next();
  };
}
