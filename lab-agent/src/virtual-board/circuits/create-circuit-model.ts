import type { z } from 'zod';
import type { BenchDefinition } from '@remotelab/protocol';
import { CircuitModelError } from './circuit-model.ts';
import type { CircuitModel } from './circuit-model.ts';
import { CounterCircuit } from './counter-circuit.ts';
import { RcLowpassCircuit, RcLowpassParamsSchema } from './rc-lowpass-circuit.ts';
import { DEFAULT_SEED } from './seeded-random.ts';
import { createSpiceTwin } from './spice-bench-twin.ts';
import type { TwinSurroundings } from './spice-bench-twin.ts';

/** A bench's `twin` block: which model, with which parameters. */
export type TwinDefinition = Pick<NonNullable<BenchDefinition['twin']>, 'model' | 'params'> &
  Partial<NonNullable<BenchDefinition['twin']>>;

export { CircuitModelError };

/** What models that read the whole bench (the SPICE twin) need besides `twin`. */
export interface CircuitModelContext {
  bench: BenchDefinition;
  surroundings?: TwinSurroundings;
}

type ModelFactory = (
  twin: TwinDefinition,
  seed: number,
  context: CircuitModelContext | undefined,
) => CircuitModel;

const FACTORIES: Record<string, ModelFactory> = {
  'rc-lowpass': (twin, seed) =>
    new RcLowpassCircuit(parseParams('rc-lowpass', RcLowpassParamsSchema, twin.params), seed),
  counter: () => new CounterCircuit(),
  spice: (_twin, seed, context) => {
    if (!context) throw new CircuitModelError('The spice model needs the bench definition.');
    return createSpiceTwin(context.bench, seed, context.surroundings);
  },
};

/** Names accepted in `twin.model` (and by the CLI's --model). */
const CIRCUIT_MODEL_NAMES: readonly string[] = Object.keys(FACTORIES);

/**
 * Builds the circuit model a bench's twin asks for. `seed` feeds the model's noise so runs are
 * reproducible. Throws CircuitModelError naming the model or the parameter at fault.
 */
export function createCircuitModel(
  twin: TwinDefinition,
  seed: number = DEFAULT_SEED,
  context?: CircuitModelContext,
): CircuitModel {
  const factory = FACTORIES[twin.model];
  if (!factory) {
    throw new CircuitModelError(
      `Unknown twin model "${twin.model}": known models are ${CIRCUIT_MODEL_NAMES.join(', ')}.`,
    );
  }
  return factory(twin, seed, context);
}

function parseParams<T extends z.ZodType>(
  model: string,
  schema: T,
  params: Record<string, number>,
): z.infer<T> {
  const result = schema.safeParse(params);
  if (!result.success) {
    const issues = result.error.issues
      .map((issue) => `${issue.path.join('.') || 'params'}: ${issue.message}`)
      .join('; ');
    throw new CircuitModelError(`twin.params for model "${model}" are invalid: ${issues}.`);
  }
  return result.data;
}
