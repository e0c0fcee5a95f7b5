// tsc emits only what it compiles: copy the non-TypeScript files the built code loads at run time
// (the ngspice worker is plain JavaScript started with `new Worker(new URL(...))`).
import { cpSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function copyMjs(from, to) {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) copyMjs(source, target);
    else if (entry.name.endsWith('.mjs')) cpSync(source, target);
  }
}

for (const pkg of ['protocol', 'server', 'lab-agent'])
  copyMjs(path.join(root, pkg, 'src'), path.join(root, pkg, 'dist'));
