// Vite build of the browser client. `@remotelab/source` makes '@remotelab/protocol' resolve to its
// TypeScript sources (no build step in the workspace); `resolve.conditions` replaces Vite's
// defaults, so they are spread back in. Protocol's values (its shared rules, the reply schemas
// every REST reply and ack is parsed with) bring zod into a chunk the entry loads; the route
// budgets test (tests/integration/route-budgets.test.ts) weighs it with every route.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build, defineConfig, defaultClientConditions, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * Writes `<asset>.br` (Brotli quality 11) and `<asset>.gz` (gzip level 9) next to each JS and
 * CSS asset: the server sends the smallest one the browser accepts, so a student on a slow link
 * downloads a quarter to a third of the bytes, and nothing is compressed per request. Brotli is
 * ~15 % smaller than gzip on our chunks; gzip stays for the few clients without it.
 */
function precompress(): Plugin {
  return {
    name: 'remotelab-precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      const dir = options.dir ?? 'dist';
      for (const file of Object.keys(bundle)) {
        if (!/\.(js|css)$/.test(file)) continue;
        const target = path.join(dir, file);
        const bytes = readFileSync(target);
        writeFileSync(`${target}.gz`, gzipSync(bytes, { level: 9 }));
        writeFileSync(
          `${target}.br`,
          brotliCompressSync(bytes, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
              [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
            },
          }),
        );
      }
    },
  };
}

const conditions = ['@remotelab/source', ...defaultClientConditions];

/** Route chunks a student never loads: not worth a download on their link at install time. */
const NOT_PRECACHED = /\/src\/(instructor|technician)\//;

/**
 * Builds the service worker (src/offline/service-worker.ts) into `dist/sw.js`, one
 * self-contained script at the site's root so its scope is the whole app. It lists the JS and
 * CSS of the build (but the instructor's and technician's chunks) and the shell's files; the
 * build id, a hash of index.html, those names and the public files, changes the script whenever
 * the app does, which is how browsers learn of a new version.
 */
function serviceWorker(): Plugin {
  return {
    name: 'remotelab-service-worker',
    apply: 'build',
    async writeBundle(options, bundle) {
      const dir = options.dir ?? 'dist';
      const files = Object.values(bundle)
        .filter((out) => /\.(js|css)$/.test(out.fileName))
        .filter((out) => !(out.type === 'chunk' && NOT_PRECACHED.test(out.facadeModuleId ?? '')))
        .map((out) => `/${out.fileName}`)
        .sort();
      // index.html, the hashed names and the unhashed files of the shell (manifest, icons).
      const hash = createHash('sha256').update(files.join('\n'));
      for (const file of [
        'index.html',
        ...readdirSync(path.resolve(import.meta.dirname, 'public')),
      ])
        hash.update(readFileSync(path.join(dir, file)));
      const buildId = hash.digest('hex').slice(0, 16);
      await build({
        configFile: false,
        logLevel: 'warn',
        resolve: { conditions },
        define: { __PRECACHE__: JSON.stringify(files), __BUILD_ID__: JSON.stringify(buildId) },
        build: {
          outDir: dir,
          emptyOutDir: false,
          copyPublicDir: false,
          sourcemap: false,
          lib: {
            entry: path.resolve(import.meta.dirname, 'src/offline/service-worker.ts'),
            formats: ['iife'],
            name: 'remotelabServiceWorker',
            fileName: () => 'sw.js',
          },
        },
      });
    },
  };
}

const server = 'http://localhost:8080';

export default defineConfig({
  plugins: [react(), precompress(), serviceWorker()],
  resolve: { conditions },
  server: {
    proxy: {
      '/api': { target: server, changeOrigin: true },
      // The server refuses socket handshakes from other origins: the dev page's is rewritten to
      // the server's own, as a same-origin page's would be.
      '/socket.io': { target: server, ws: true, changeOrigin: true, rewriteWsOrigin: true },
    },
  },
  // The manifest (dist/.vite/manifest.json, never served) lets the route-budgets test find the
  // chunks a route needs.
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, manifest: true },
});
