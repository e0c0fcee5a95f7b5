import { z } from 'zod';
import type { BenchDefinition } from './bench-definition.schema.ts';

/**
 * What peers other than the agent need to know of a bench: its channels and controls with their
 * units and ranges. No serial path, no twin: those stay in the lab.
 */
export const InputDescriptorSchema = z.object({
  id: z.string(),
  label: z.string(),
  kind: z.enum(['analog-in', 'digital-in']),
  unit: z.string(),
  range: z.object({ min: z.number(), max: z.number() }),
});

export const OutputDescriptorSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('pwm-out'),
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
});

export type InputDescriptor = z.infer<typeof InputDescriptorSchema>;
export type OutputDescriptor = z.infer<typeof OutputDescriptorSchema>;
export type BenchDescriptor = z.infer<typeof BenchDescriptorSchema>;

export function describeBench(bench: BenchDefinition): BenchDescriptor {
  return {
    id: bench.id,
    name: bench.name,
    description: bench.description,
    samplingIntervalMs: bench.sampling.intervalMs,
    baud: bench.board.baud,
    inputs: bench.inputs.map((input) =>
      input.kind === 'analog-in'
        ? {
            id: input.id,
            label: input.label,
            kind: input.kind,
            unit: input.unit,
            range: input.range,
          }
        : {
            id: input.id,
            label: input.label,
            kind: input.kind,
            unit: '',
            range: { min: 0, max: 1 },
          },
    ),
    outputs: bench.outputs.map((output) =>
      output.kind === 'pwm-out'
        ? {
            kind: output.kind,
            id: output.id,
            label: output.label,
            unit: output.unit,
            min: output.min,
            max: output.max,
            step: output.step,
            safe: output.safe,
          }
        : { kind: output.kind, id: output.id, label: output.label, safe: output.safe },
    ),
  };
}
