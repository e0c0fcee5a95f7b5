import type { z } from 'zod';

/**
 * One way for every process (server, lab-agent, their CLIs, the demo) to read its configuration:
 * a table of fields, each with its environment variable, its zod schema (default included) and a
 * sentence saying what it is for. The table is the only place a process reads `process.env`; the
 * result is parsed once, frozen and passed down. A bad value fails with one message naming every
 * variable at fault.
 */
export interface ConfigField<S extends z.ZodType = z.ZodType> {
  env: string;
  schema: S;
  doc: string;
}

export type ConfigFields = Record<string, ConfigField>;

export type ConfigOf<F extends ConfigFields> = { [K in keyof F]: z.output<F[K]['schema']> };

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export interface ConfigDefinition<F extends ConfigFields> {
  readonly fields: F;
  /**
   * Reads `env` (empty strings count as unset). `defaults` stand in for variables that are not
   * set, and go through the same schema as the environment would: a caller's default can never
   * bypass validation.
   */
  read(
    env?: Readonly<Record<string, string | undefined>>,
    defaults?: Partial<Record<keyof F, string>>,
  ): Readonly<ConfigOf<F>>;
  /** Every variable with its meaning, for `--help`, docs and the README. */
  describe(): Array<{ env: string; doc: string }>;
}

export function defineConfig<F extends ConfigFields>(
  processName: string,
  fields: F,
): ConfigDefinition<F> {
  return {
    fields,
    read(env = process.env, defaults = {}) {
      const config: Record<string, unknown> = {};
      const problems: string[] = [];
      for (const [key, field] of Object.entries(fields)) {
        const set = env[field.env];
        const raw = set === undefined || set === '' ? defaults[key as keyof F] : set;
        const result = field.schema.safeParse(raw);
        if (result.success) config[key] = result.data;
        else problems.push(`${field.env}: ${result.error.issues[0]?.message ?? 'invalid'}`);
      }
      if (problems.length > 0)
        throw new ConfigError(`Invalid ${processName} configuration: ${problems.join('; ')}.`);
      return Object.freeze(config as ConfigOf<F>);
    },
    describe() {
      return Object.values(fields).map(({ env, doc }) => ({ env, doc }));
    },
  };
}
