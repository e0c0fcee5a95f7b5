import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Issue 6: the client is split per role and route, so what a page downloads stays small on a
 * slow link. Every lazily loaded route is weighed with what it needs (the entry, its chunk, their
 * static imports and CSS, gzipped at level 9 as the server sends them), and printed.
 */
const BUDGET_BYTES = 300 * 1000;
const ROUTES: Record<string, string | string[]> = {
  'sign-in, bench list (entry)': 'index.html',
  'student: labs, booking, queue, history': 'src/student/student-pages.tsx',
  // The chart (uPlot) loads after the readouts, but the page needs it: weighed with the route.
  'student: session #/sessions/<id>': ['src/session/session-page.tsx', 'src/bench/live-chart.tsx'],
  'bench #/bench/<id>': ['src/bench/bench-page.tsx', 'src/bench/live-chart.tsx'],
  'instructor: courses, designer, results': 'src/instructor/instructor-pages.tsx',
  'instructor: observe a session': 'src/instructor/observe-page.tsx',
  'technician: fleet, log': 'src/technician/technician-pages.tsx',
};

const web = path.resolve(import.meta.dirname, '../../web');

interface ManifestChunk {
  file: string;
  imports?: string[];
  css?: string[];
}
type Manifest = Record<string, ManifestChunk>;

function filesOf(manifest: Manifest, key: string, into = new Set<string>()): Set<string> {
  const chunk = manifest[key];
  if (!chunk) throw new Error(`the build has no chunk for ${key}`);
  if (into.has(chunk.file)) return into;
  into.add(chunk.file);
  for (const css of chunk.css ?? []) into.add(css);
  for (const imported of chunk.imports ?? []) filesOf(manifest, imported, into);
  return into;
}

describe('bundle size of every route', () => {
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'remotelab-web-routes-'));
  let manifest: Manifest;
  const gzipped = (file: string) =>
    gzipSync(readFileSync(path.join(outDir, file)), { level: 9 }).length;
  // What the server sends browsers that accept Brotli (most): printed beside the budget.
  const brotli = (file: string) =>
    brotliCompressSync(readFileSync(path.join(outDir, file)), {
      params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY },
    }).length;

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

  it(`keeps each route under ${BUDGET_BYTES / 1000} KB gzipped, and role chunks apart`, () => {
    const entry = filesOf(manifest, 'index.html');
    const lines: string[] = [];
    for (const [name, keys] of Object.entries(ROUTES)) {
      const files = new Set(entry);
      for (const key of [keys].flat()) filesOf(manifest, key, files);
      const total = [...files].reduce((sum, file) => sum + gzipped(file), 0);
      const totalBrotli = [...files].reduce((sum, file) => sum + brotli(file), 0);
      const own = [...files].filter((f) => !entry.has(f));
      const ownBytes = own.reduce((sum, file) => sum + gzipped(file), 0);
      lines.push(
        `${name}: ${(total / 1000).toFixed(1)} KB, Brotli ${(totalBrotli / 1000).toFixed(1)} KB ` +
          `(route chunks ${(ownBytes / 1000).toFixed(1)} KB)`,
      );
      expect(total, name).toBeLessThanOrEqual(BUDGET_BYTES);
    }
    console.log(lines.join('\n'));
    // A student's session never downloads the instructor's or the technician's code.
    const session = filesOf(manifest, 'src/session/session-page.tsx', new Set(entry));
    for (const other of [
      'src/instructor/instructor-pages.tsx',
      'src/technician/technician-pages.tsx',
    ]) {
      expect(session.has(manifest[other]!.file), other).toBe(false);
    }
  });
});
