import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { BenchDefinitionSchema, describeZodError, type BenchDefinition } from '@remotelab/protocol';

/** `firmware-config/benches` of this checkout. */
export const DEFAULT_BENCH_DIR = fileURLToPath(
  new URL('../../../firmware-config/benches/', import.meta.url),
);

/** A bench file that cannot be used; the message names the file and the field at fault. */
export class BenchConfigError extends Error {
  override readonly name = 'BenchConfigError';
}

/** The file of a bench: `<dir>/<id>.yaml` for an id, the path itself for a .yaml/.yml path. */
export function benchFilePath(idOrPath: string, dir: string = DEFAULT_BENCH_DIR): string {
  return idOrPath.endsWith('.yaml') || idOrPath.endsWith('.yml')
    ? path.resolve(idOrPath)
    : path.join(dir, `${idOrPath}.yaml`);
}

/**
 * Loads and validates one bench definition. `idOrPath` is a bench id (looked up as
 * `<dir>/<id>.yaml`) or a path to a YAML file.
 */
export async function loadBenchDefinition(
  idOrPath: string,
  dir: string = DEFAULT_BENCH_DIR,
): Promise<BenchDefinition> {
  const file = benchFilePath(idOrPath, dir);
  if (!existsSync(file)) {
    throw new BenchConfigError(`Bench file ${file} does not exist.`);
  }
  let raw: unknown;
  try {
    raw = parseYaml(await readFile(file, 'utf8'));
  } catch (error) {
    throw new BenchConfigError(`Bench file ${file} is not valid YAML: ${(error as Error).message}`);
  }
  const result = BenchDefinitionSchema.safeParse(renameLegacyPoolKey(raw, file));
  if (!result.success) {
    throw new BenchConfigError(`Bench file ${file}: ${describeZodError(result.error)}`);
  }
  return result.data;
}

/**
 * Bench files written before the pool key was renamed say `kind:` where they now say `pool:`.
 * Read silently as `pool:` they keep their pool; dropped (zod strips unknown keys) the bench
 * would quietly become a pool of its own and leave its labs. Naming both is refused: which one
 * was meant cannot be told.
 */
function renameLegacyPoolKey(raw: unknown, file: string): unknown {
  if (typeof raw !== 'object' || raw === null || !('kind' in raw)) return raw;
  const { kind, ...rest }: Record<string, unknown> = { ...raw };
  if ('pool' in rest) {
    throw new BenchConfigError(
      `Bench file ${file}: names both pool and kind (the old name of pool).`,
    );
  }
  return { ...rest, pool: kind };
}
