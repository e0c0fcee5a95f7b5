// `npm run schema:bench`: writes firmware-config/bench.schema.json, the JSON Schema editors use
// to check and complete bench YAML files (`# yaml-language-server: $schema=../bench.schema.json`).
// The zod schema in protocol/ is the source; tests/integration/bench-schema.test.ts fails when
// the committed file no longer matches it.
import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { BenchDefinitionSchema } from '@remotelab/protocol';

export const BENCH_SCHEMA_FILE = fileURLToPath(
  new URL('../firmware-config/bench.schema.json', import.meta.url),
);

/**
 * The schema of a bench file as written (`io: 'input'`: defaults are optional, `A0` stays a
 * string), in draft-07, which every YAML language server understands. Cross-field rules (unique
 * pins, interlocks naming outputs...) live in zod refinements that JSON Schema cannot express:
 * the agent and the tests still apply them.
 */
export function benchJsonSchema(): string {
  const schema = z.toJSONSchema(BenchDefinitionSchema, { io: 'input', target: 'draft-7' });
  const document = {
    ...schema,
    title: 'remotelab bench definition',
    description:
      'A bench of the remotelab remote laboratory: board, channels, safety envelope, self-test ' +
      'and virtual twin. Generated from protocol/src/bench-definition.schema.ts by ' +
      '`npm run schema:bench`; do not edit.',
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(BENCH_SCHEMA_FILE, benchJsonSchema());
  process.stdout.write(`wrote ${BENCH_SCHEMA_FILE}\n`);
}
