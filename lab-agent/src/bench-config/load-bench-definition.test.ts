import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  BenchConfigError,
  DEFAULT_BENCH_DIR,
  loadBenchDefinition,
} from './load-bench-definition.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** rc-filter.yaml with its `pool:` line replaced by `lines`. */
function writeVariant(name: string, lines: string): string {
  const source = readFileSync(path.join(DEFAULT_BENCH_DIR, 'rc-filter.yaml'), 'utf8');
  expect(source).toMatch(/^pool: rc-filter$/m);
  const file = path.join(dir, `${name}.yaml`);
  writeFileSync(file, source.replace(/^pool: rc-filter$/m, lines));
  return file;
}

describe('loadBenchDefinition', () => {
  it('reads the pool a bench file names', async () => {
    expect((await loadBenchDefinition('rc-filter')).pool).toBe('rc-filter');
  });

  it('reads the old `kind:` key as the pool, so an old file keeps its pool', async () => {
    const bench = await loadBenchDefinition(writeVariant('old', 'kind: rc-filter'));
    expect(bench.pool).toBe('rc-filter');
  });

  it('refuses a file naming both keys', async () => {
    const file = writeVariant('both', 'pool: rc-filter\nkind: other');
    await expect(loadBenchDefinition(file)).rejects.toThrow(BenchConfigError);
    await expect(loadBenchDefinition(file)).rejects.toThrow(/both pool and kind/);
  });

  it('leaves the pool unset when the file names none', async () => {
    const bench = await loadBenchDefinition(writeVariant('none', ''));
    expect(bench.pool).toBeUndefined();
  });
});
