import { z } from './zod.ts';
import type { BenchDefinition, InputChannel, OutputChannel } from './bench-definition.schema.ts';

/**
 * What peers other than the agent need to know of a bench: its channels and controls with their
 * units and ranges. No serial path, no twin: those stay in the lab.
 */
export const InputDescriptorSchema = z.object({
  id: z.string(),
  label: z.string(),
  /** `digital-in` reads 0/1; every other kind is a number in `unit`. */
  kind: z.enum(['analog-in', 'digital-in', 'ina219']),
  unit: z.string(),
  range: z.object({ min: z.number(), max: z.number() }),
  /**
   * The smallest step between two readings (one ADC count times the gain; 1 for digital inputs).
   * Optional: recordings quantise with it when present, with a fraction of the range otherwise.
   */
  resolution: z.number().positive().optional(),
});

export const OutputDescriptorSchema = z.discriminatedUnion('kind', [
  z.object({
    /** PWM duty (%), servo angle (deg) or DAC voltage (V): a number in [min, max]. */
    kind: z.enum(['pwm-out', 'servo-out', 'mcp4725']),
    id: z.string(),
    label: z.string(),
    unit: z.string(),
    min: z.number(),
    max: z.number(),
    step: z.number(),
    safe: z.number(),
  }),
  z.object({
    kind: z.literal('digital-out'),
    id: z.string(),
    label: z.string(),
    safe: z.boolean(),
  }),
]);

export const BenchDescriptorSchema = z.object({
  id: z.string().min(1).max(40),
  name: z.string(),
  description: z.string(),
  inputs: z.array(InputDescriptorSchema),
  outputs: z.array(OutputDescriptorSchema),
  samplingIntervalMs: z.number(),
  baud: z.number(),
  /**
   * The pool the bench belongs to: benches interchangeable for a lab. Always set: `describeBench`
   * is the one place that decides it, so no reader needs a fallback of its own.
   */
  pool: z.string().min(1),
  /** Longest session the bench's safety envelope allows. */
  maxSessionMinutes: z.number().optional(),
  /**
   * Served by a virtual board (the circuit solved by a simulator): the pool's twin, where
   * students practise before they book a real bench.
   */
  twin: z.boolean().optional(),
});

export type InputDescriptor = z.infer<typeof InputDescriptorSchema>;
export type OutputDescriptor = z.infer<typeof OutputDescriptorSchema>;
export type BenchDescriptor = z.infer<typeof BenchDescriptorSchema>;

export function describeBench(
  bench: BenchDefinition,
  options: { twin?: boolean } = {},
): BenchDescriptor {
  return {
    ...(options.twin ? { twin: true } : {}),
    id: bench.id,
    name: bench.name,
    description: bench.description,
    samplingIntervalMs: bench.sampling.intervalMs,
    baud: bench.board.baud,
    // A bench that names no pool is a pool of its own (a lab on it gets that very bench).
    pool: bench.pool ?? bench.id,
    maxSessionMinutes: bench.safety.maxSessionMinutes,
    inputs: bench.inputs.map(describeInput),
    outputs: bench.outputs.map(describeOutput),
  };
}

function describeInput(input: InputChannel): InputDescriptor {
  const { id, label, kind } = input;
  switch (kind) {
    case 'analog-in':
      return {
        id,
        label,
        kind,
        unit: input.unit,
        range: input.range,
        resolution: Math.abs(input.gain),
      };
    case 'digital-in':
      return { id, label, kind, unit: '', range: { min: 0, max: 1 }, resolution: 1 };
    case 'ina219':
      return { id, label, kind, unit: input.unit, range: input.range };
  }
}

function describeOutput(output: OutputChannel): OutputDescriptor {
  if (output.kind === 'digital-out') {
    return { kind: output.kind, id: output.id, label: output.label, safe: output.safe };
  }
  const { kind, id, label, unit, min, max, step, safe } = output;
  return { kind, id, label, unit, min, max, step, safe };
}
