import type {
  BenchDescriptor,
  InputDescriptor,
  OutputDescriptor,
} from './bench-descriptor.schema.ts';
import type { LabControl } from './api/labs.schema.ts';

/**
 * What a lab may expose, checked against every bench of its pool: one rule, used by the server
 * when it stores a lab and by the lab designer while the instructor types, so the two never
 * disagree. A lab behaves the same on every bench of its pool and never asks beyond a bench's
 * envelope: each input must exist on each bench, each control must be one of each bench's
 * outputs, and a numeric range may only narrow every bench's own.
 */

/** The part of a bench the rule reads. */
export type EnvelopeBench = Pick<BenchDescriptor, 'id' | 'inputs' | 'outputs'> & {
  maxSessionMinutes?: number | undefined;
};

export type LabControlProblem =
  | { code: 'noBench' }
  | { code: 'duplicateInput'; input: string }
  | { code: 'duplicateControl'; output: string }
  | { code: 'unknownInput'; input: string; benchId: string }
  | { code: 'unknownControl'; output: string; benchId: string }
  /** An on/off output given a numeric range. */
  | { code: 'rangeOnSwitch'; output: string; label: string }
  | {
      code: 'belowEnvelope' | 'aboveEnvelope';
      output: string;
      benchId: string;
      /** The bench's own bound that the lab's range crosses. */
      limit: number;
      lo: number;
      hi: number;
      unit: string;
      envelope: { min: number; max: number };
    }
  /** The range is empty or a single point: a slider needs room to move. */
  | { code: 'minNotBelowMax'; output: string; min: number; max: number };

export interface LabControlCheck {
  /** Every problem found, in the order of the inputs and controls given. */
  problems: LabControlProblem[];
  /** The controls with their ranges filled in from the narrowest bench where left out. */
  controls: LabControl[];
}

export function checkLabControls(
  inputs: readonly string[],
  controls: readonly LabControl[],
  benches: readonly EnvelopeBench[],
): LabControlCheck {
  const problems: LabControlProblem[] = [];
  if (benches.length === 0) return { problems: [{ code: 'noBench' }], controls: [] };
  const dupInput = inputs.find((id, i) => inputs.indexOf(id) !== i);
  if (dupInput) problems.push({ code: 'duplicateInput', input: dupInput });
  const outputs = controls.map((c) => c.output);
  const dupOutput = outputs.find((id, i) => outputs.indexOf(id) !== i);
  if (dupOutput) problems.push({ code: 'duplicateControl', output: dupOutput });

  for (const id of inputs) {
    const missing = benches.find((bench) => !bench.inputs.some((input) => input.id === id));
    if (missing) problems.push({ code: 'unknownInput', input: id, benchId: missing.id });
  }

  const filled: LabControl[] = [];
  for (const control of controls) {
    const result = checkControl(control, benches);
    problems.push(...result.problems);
    if (result.control) filled.push(result.control);
  }
  return { problems, controls: filled };
}

function checkControl(
  control: LabControl,
  benches: readonly EnvelopeBench[],
): { problems: LabControlProblem[]; control?: LabControl } {
  const problems: LabControlProblem[] = [];
  let min = -Infinity;
  let max = Infinity;
  for (const bench of benches) {
    const output = bench.outputs.find((candidate) => candidate.id === control.output);
    if (!output) {
      return { problems: [{ code: 'unknownControl', output: control.output, benchId: bench.id }] };
    }
    if (output.kind === 'digital-out') {
      if (control.min !== undefined || control.max !== undefined)
        return {
          problems: [{ code: 'rangeOnSwitch', output: control.output, label: output.label }],
        };
      continue;
    }
    const lo = control.min ?? output.min;
    const hi = control.max ?? output.max;
    const crossing = { output: control.output, benchId: bench.id, lo, hi, unit: output.unit };
    const envelope = { min: output.min, max: output.max };
    if (lo < output.min)
      problems.push({ code: 'belowEnvelope', ...crossing, limit: output.min, envelope });
    if (hi > output.max)
      problems.push({ code: 'aboveEnvelope', ...crossing, limit: output.max, envelope });
    min = Math.max(min, output.min);
    max = Math.min(max, output.max);
  }
  if (problems.length > 0) return { problems };
  if (!Number.isFinite(min)) return { problems, control: { output: control.output } };
  const range = { output: control.output, min: control.min ?? min, max: control.max ?? max };
  if (range.min >= range.max)
    return {
      problems: [
        { code: 'minNotBelowMax', output: control.output, min: range.min, max: range.max },
      ],
    };
  return { problems, control: range };
}

/** What every bench of a pool offers: the channels they all have, ranges they all accept. */
export interface PoolEnvelope {
  pool: string;
  benches: number;
  inputs: InputDescriptor[];
  outputs: OutputDescriptor[];
  /** The shortest of the benches' maximum session lengths, if any sets one. */
  maxSessionMinutes: number | null;
}

export function poolEnvelope(pool: string, benches: readonly EnvelopeBench[]): PoolEnvelope {
  const [first, ...rest] = benches;
  if (!first) return { pool, benches: 0, inputs: [], outputs: [], maxSessionMinutes: null };
  const inputs = first.inputs.filter((input) =>
    rest.every((b) => b.inputs.some((i) => i.id === input.id && i.kind === input.kind)),
  );
  const outputs: OutputDescriptor[] = [];
  for (const output of first.outputs) {
    const others = rest.map((b) =>
      b.outputs.find((o) => o.id === output.id && o.kind === output.kind),
    );
    if (others.some((o) => !o)) continue;
    if (output.kind === 'digital-out') {
      outputs.push(output);
      continue;
    }
    let { min, max } = output;
    for (const other of others) {
      if (other && other.kind !== 'digital-out') {
        min = Math.max(min, other.min);
        max = Math.min(max, other.max);
      }
    }
    if (min <= max) outputs.push({ ...output, min, max });
  }
  const limits = benches.map((b) => b.maxSessionMinutes).filter((m): m is number => !!m);
  return {
    pool,
    benches: benches.length,
    inputs,
    outputs,
    maxSessionMinutes: limits.length > 0 ? Math.min(...limits) : null,
  };
}

/**
 * The inputs a live chart draws, one series each: every numeric reading (analog pins and I2C
 * sensors). On/off inputs are shown as readouts only: a 0/1 trace on a volts axis says nothing.
 */
export function chartedInputs<I extends Pick<InputDescriptor, 'kind'>>(inputs: readonly I[]): I[] {
  return inputs.filter((input) => input.kind !== 'digital-in');
}
