/**
 * Prints the folder-level import graph of server/src as a Mermaid flowchart (docs/architecture.md
 * shows it): `npm run deps:server`. Arrows from the domain core into an adapter (http/, realtime/)
 * are drawn in red and make the script exit 1; the lint rule in eslint.config.js refuses them too.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../server/src/', import.meta.url));
const ADAPTERS = new Set(['http', 'realtime']);
const ROOT = '(root)';

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(full);
    else if (/\.ts$/.test(entry.name) && !/\.(test|contract)\.ts$/.test(entry.name)) yield full;
  }
}

/** Files directly in server/src that wire the parts together; the others there are shared. */
const COMPOSITION = new Set([
  'app.ts',
  'main.ts',
  'index.ts',
  'platform-services.ts',
  'platform-scheduling.ts',
]);
const SHARED = '(config, logger, deps)';

/** The top folder under server/src a file lives in, or the composition root / shared modules. */
function folderOf(file: string): string {
  const rel = path.relative(SRC, file).split(path.sep);
  if (rel.length > 1) return rel[0] ?? ROOT;
  const name = rel[0] ?? '';
  return COMPOSITION.has(name.endsWith('.ts') ? name : `${name}.ts`) ? ROOT : SHARED;
}

const edges = new Map<string, Set<string>>();
for (const file of sourceFiles(SRC)) {
  if (file.includes(`${path.sep}testing${path.sep}`) || file.endsWith('testing.ts')) continue;
  const from = folderOf(file);
  const text = readFileSync(file, 'utf8');
  for (const match of text.matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
    const target = path.resolve(path.dirname(file), match[1] ?? '');
    const to = folderOf(target);
    if (to === from) continue;
    const set = edges.get(from) ?? new Set<string>();
    set.add(to);
    edges.set(from, set);
  }
}

const isCore = (folder: string) =>
  folder !== ROOT && folder !== SHARED && !ADAPTERS.has(folder) && folder !== 'cli';
const id = (folder: string) =>
  folder === ROOT ? 'root' : folder === SHARED ? 'shared' : folder.replace(/-/g, '_');
const lines = ['flowchart LR'];
const folders = new Set([...edges.keys(), ...[...edges.values()].flatMap((s) => [...s])]);
for (const folder of [...folders].sort()) lines.push(`  ${id(folder)}["${folder}"]`);
const wrong: string[] = [];
let index = 0;
const redLinks: number[] = [];
for (const [from, targets] of [...edges].sort(([a], [b]) => a.localeCompare(b))) {
  for (const to of [...targets].sort()) {
    lines.push(`  ${id(from)} --> ${id(to)}`);
    if (isCore(from) && ADAPTERS.has(to)) {
      wrong.push(`${from} -> ${to}`);
      redLinks.push(index);
    }
    index += 1;
  }
}
for (const link of redLinks) lines.push(`  linkStyle ${link} stroke:red`);
process.stdout.write(`${lines.join('\n')}\n`);
if (wrong.length > 0) {
  process.stderr.write(`The domain core imports an adapter: ${wrong.join(', ')}\n`);
  process.exit(1);
}
