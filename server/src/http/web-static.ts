import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router, type RequestHandler } from 'express';

export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

/**
 * Serves the built web client. Hashed assets are cached for a year (their names change with
 * their content); index.html is revalidated so a deploy reaches students at their next load.
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
  router.use(express.static(dist, { index: false, maxAge: 0 }));
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

/**
 * Sends `<asset>.gz` (written by the web build) to a browser that accepts gzip: on a 400 kbit/s
 * link the session route's scripts take a third of the time. Anything else falls through to
 * the plain file.
 */
function precompressed(assets: string): RequestHandler {
  return (req, res, next) => {
    const accepts = req.headers['accept-encoding'] ?? '';
    const match = ASSET_NAME.exec(req.path);
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !match || !/\bgzip\b/.test(accepts)) {
      next();
      return;
    }
    const file = path.join(assets, `${req.path.slice(1)}.gz`);
    if (!existsSync(file)) {
      next();
      return;
    }
    res.setHeader('Vary', 'Accept-Encoding');
    res.setHeader('Content-Encoding', 'gzip');
    res.type(match[1]!);
    res.sendFile(file, { maxAge: '365d', immutable: true }, (error) => {
      if (error) next(error);
    });
  };
}
