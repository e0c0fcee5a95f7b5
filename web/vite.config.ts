// Vite build of the browser client. `@remotelab/source` makes '@remotelab/protocol' resolve to its
// TypeScript sources (no build step in the workspace); `resolve.conditions` replaces Vite's
// defaults, so they are spread back in. Protocol's values (its shared rules, the reply schemas
// every REST reply and ack is parsed with) bring zod into a chunk the entry loads; the route
// budgets test (tests/integration/route-budgets.test.ts) weighs it with every route.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { defineConfig, defaultClientConditions, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * Writes `<asset>.gz` (gzip level 9) next to each JS and CSS asset: the server sends it to
 * browsers that accept gzip, so a student on a slow link downloads a third of the bytes, and
 * nothing is compressed per request.
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
        writeFileSync(`${target}.gz`, gzipSync(readFileSync(target), { level: 9 }));
      }
    },
  };
}

const server = 'http://localhost:8080';

export default defineConfig({
  plugins: [react(), precompress()],
  resolve: { conditions: ['@remotelab/source', ...defaultClientConditions] },
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
