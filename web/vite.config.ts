// Vite build of the browser client. `@remotelab/source` makes '@remotelab/protocol' resolve to its
// TypeScript sources (no build step in the workspace); `resolve.conditions` replaces Vite's
// defaults, so they are spread back in. Only *types* may be imported from protocol here: a value
// import would drag zod and every schema into the bundle that students download on slow links.
import { defineConfig, defaultClientConditions } from 'vite';
import react from '@vitejs/plugin-react';

const server = 'http://localhost:8080';

export default defineConfig({
  plugins: [react()],
  resolve: { conditions: ['@remotelab/source', ...defaultClientConditions] },
  server: {
    proxy: {
      '/api': { target: server, changeOrigin: true },
      '/socket.io': { target: server, ws: true, changeOrigin: true },
    },
  },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
});
