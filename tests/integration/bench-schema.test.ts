// The bench files and their editor schema: every YAML in firmware-config/benches validates, and
// the committed JSON Schema is what `npm run schema:bench` generates from the zod schema today.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBenchDefinition } from '@remotelab/lab-agent';
import { BENCH_SCHEMA_FILE, benchJsonSchema } from '../../scripts/generate-bench-schema.ts';

const BENCH_DIR = path.join(path.dirname(BENCH_SCHEMA_FILE), 'benches');
const BENCH_FILES = readdirSync(BENCH_DIR).filter((file) => /\.ya?ml$/.test(file));

describe('bench definitions', () => {
  it('has a committed JSON Schema identical to the generated one (run `npm run schema:bench`)', () => {
    expect(readFileSync(BENCH_SCHEMA_FILE, 'utf8')).toBe(benchJsonSchema());
  });

  it('describes the bench fields editors complete', () => {
    const schema = JSON.parse(benchJsonSchema()) as {
      properties: Record<string, unknown>;
      required: string[];
    };
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['board', 'inputs', 'outputs', 'safety', 'selfTest', 'twin']),
    );
    expect(schema.required).toEqual(expect.arrayContaining(['id', 'name', 'board', 'inputs']));
  });

  it.each(BENCH_FILES)(
    '%s validates, is named after its id and points at the schema',
    async (file) => {
      const text = readFileSync(path.join(BENCH_DIR, file), 'utf8');
      expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../bench.schema.json');
      // Parses the YAML and applies the zod schema with its refinements; throws naming the field.
      const bench = await loadBenchDefinition(path.join(BENCH_DIR, file));
      expect(bench.id).toBe(file.replace(/\.ya?ml$/, ''));
    },
  );
});
