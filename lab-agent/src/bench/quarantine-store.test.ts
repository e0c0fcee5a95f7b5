import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { quarantineStoreContract } from './quarantine-store.contract.ts';
import { FileQuarantineStore, MemoryQuarantineStore } from './quarantine-store.ts';

quarantineStoreContract('MemoryQuarantineStore', { create: () => new MemoryQuarantineStore() });

const dir = mkdtempSync(path.join(os.tmpdir(), 'remotelab-quarantine-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const files = new WeakMap<object, string>();
let made = 0;

quarantineStoreContract('FileQuarantineStore', {
  create: () => {
    // A state directory the agent has not created yet: the first set makes it.
    const file = path.join(dir, `agent-${(made += 1)}`, 'state.json');
    const store = new FileQuarantineStore(file);
    files.set(store, file);
    return store;
  },
  reopen: (store) => {
    const file = files.get(store)!;
    const next = new FileQuarantineStore(file);
    files.set(next, file);
    return next;
  },
  corrupt: (store, text) => writeFileSync(files.get(store)!, text),
});
