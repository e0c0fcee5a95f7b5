import { createHash } from 'node:crypto';
import helmet from 'helmet';
import type { RequestHandler } from 'express';
import type { ServerConfig } from '../config.ts';
import { API_DOCS_STYLE } from './api-docs-page.ts';

const hashSource = (text: string) =>
  `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * Security headers on every answer, from helmet. The CSP fits the built web client: scripts,
 * styles, fonts and sockets from this origin only (socket.io's WebSocket is covered by 'self'),
 * images from this origin, pasted `data:` images and LAB_IMAGE_HOSTS over https; no plugins; the
 * one inline stylesheet (the API docs page) allowed by its hash. Who may frame the app is
 * LAB_FRAME_ANCESTORS (an LMS later); X-Frame-Options says the same for old browsers when it can
 * (it knows no lists). Referrer-Policy same-origin: the reset page carries its token in the URL.
 */
export function securityHeaders(
  config: Pick<ServerConfig, 'frameAncestors' | 'imageHosts' | 'publicUrl'>,
): RequestHandler {
  const ancestors = config.frameAncestors;
  const only = ancestors.length === 1 ? ancestors[0] : undefined;
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", hashSource(API_DOCS_STYLE)],
        imgSrc: ["'self'", 'data:', ...config.imageHosts.map((host) => `https://${host}`)],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ancestors,
      },
    },
    xFrameOptions:
      only === "'none'" ? { action: 'deny' } : only === "'self'" ? { action: 'sameorigin' } : false,
    referrerPolicy: { policy: 'same-origin' },
    // HSTS only where the site is https: on a plain-http demo it would say nothing true.
    strictTransportSecurity: new URL(config.publicUrl).protocol === 'https:',
    xContentTypeOptions: true,
  });
}
