import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Issue 6: the student's session route loads at most 300 KB gzipped on a slow link. */
const BUDGET_BYTES = 300 * 1000;
/**
 * The lazily loaded modules behind the routes a student works on: `#/bench/<id>` (live bench)
 * and, where the build has it, `#/session/<id>` (a booked session around the same bench).
 */
const SESSION_ROUTES = ['src/bench/bench-page.tsx', 'src/session/session-page.tsx'];

const web = path.resolve(import.meta.dirname, '../../web');

interface ManifestChunk {
  file: string;
  imports?: string[];
  css?: string[];
}
type Manifest = Record<string, ManifestChunk>;

/** The files a chunk needs before it runs: itself, its static imports (transitively), their CSS. */
function filesOf(manifest: Manifest, key: string, into = new Set<string>()): Set<string> {
  const chunk = manifest[key];
  if (!chunk) throw new Error(`the build has no chunk for ${key}`);
  if (into.has(chunk.file)) return into;
  into.add(chunk.file);
  for (const css of chunk.css ?? []) into.add(css);
  for (const imported of chunk.imports ?? []) filesOf(manifest, imported, into);
  return into;
}

/**
 * Builds the web client into a temporary directory (the build takes a few seconds and never
 * touches web/dist, which a running demo may be serving), then weighs what a browser downloads
 * for each session route: the entry chunk, the route's lazy chunk, their static imports and CSS,
 * each gzipped at level 9 as the server sends them.
 */
describe('bundle budget of the session route', () => {
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'remotelab-web-build-'));
  let manifest: Manifest;

  beforeAll(async () => {
    const vite = path.resolve(web, '../node_modules/.bin/vite');
    const args = ['build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'];
    // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
    await promisify(execFile)(vite, args, {
      cwd: web,
      env: { ...process.env, NODE_ENV: 'production' },
    });
    manifest = JSON.parse(
      readFileSync(path.join(outDir, '.vite/manifest.json'), 'utf8'),
    ) as Manifest;
  }, 120_000);

  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it(`keeps each session route under ${BUDGET_BYTES / 1000} KB gzipped (JS + CSS)`, () => {
    const routes = SESSION_ROUTES.filter((route) => route in manifest);
    expect(routes).toContain('src/bench/bench-page.tsx');
    for (const route of routes) {
      const files = filesOf(manifest, route, filesOf(manifest, 'index.html'));
      const sizes = [...files].map((file) => {
        const bytes = readFileSync(path.join(outDir, file));
        return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
      });
      const total = sizes.reduce((sum, size) => sum + size.gzip, 0);
      const kb = (n: number) => (n / 1000).toFixed(1);
      console.log(
        [
          `${route}: ${kb(total)} KB gzipped with the entry (budget ${BUDGET_BYTES / 1000} KB)`,
          ...sizes.map((s) => `  ${s.file}: ${kb(s.gzip)} KB (${kb(s.raw)} KB raw)`),
        ].join('\n'),
      );
      expect(sizes.some((s) => s.file.endsWith('.css'))).toBe(true);
      expect(total).toBeLessThanOrEqual(BUDGET_BYTES);
    }
  });
});
