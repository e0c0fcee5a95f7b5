import {
  ProtocolError,
  type BatchSweep,
  type BenchDescriptor,
  type LabControl,
} from '@remotelab/protocol';

/** The longest sweep a batch run may take: it holds a bench, so it must fit the gaps between sessions. */
const MAX_BATCH_STEPS = 200;
/** Set-up and the self-test afterwards are not the student's: budgeted on top of the steps. */
const BATCH_OVERHEAD_MS = 5_000;

export interface PlannedSweep {
  output: string;
  values: number[];
  dwellMs: number;
  record: string[];
  /** How long the bench is held: every step plus the overhead. */
  holdMs: number;
}

/**
 * Checks a sweep against the lab (only its exposed controls, within their ranges; only its shown
 * inputs) and a bench of its pool (the output's own range), and expands it into the values to
 * apply. Out-of-range sweeps are refused, never clamped, like single commands.
 */
export function planSweep(
  sweep: BatchSweep,
  lab: { controls: readonly LabControl[]; inputs: readonly string[]; maxHoldMs: number },
  bench: BenchDescriptor,
): PlannedSweep {
  const control = lab.controls.find((c) => c.output === sweep.output);
  const output = bench.outputs.find((o) => o.id === sweep.output);
  if (!control || !output)
    throw new ProtocolError('NOT_EXPOSED', `This lab does not expose "${sweep.output}".`);
  if (output.kind === 'digital-out') {
    throw new ProtocolError(
      'BAD_REQUEST',
      `${output.label} is on/off: sweeps take a numeric output.`,
    );
  }
  const min = Math.max(output.min, control.min ?? output.min);
  const max = Math.min(output.max, control.max ?? output.max);
  for (const value of [sweep.from, sweep.to]) {
    if (value < min || value > max) {
      throw new ProtocolError(
        'OUT_OF_RANGE',
        `${output.label}: ${value} ${output.unit} is outside ${min}-${max} ${output.unit}.`,
      );
    }
  }
  const missing = sweep.record.find((id) => !lab.inputs.includes(id));
  if (missing)
    throw new ProtocolError('NOT_EXPOSED', `This lab does not show the input "${missing}".`);
  const direction = sweep.to >= sweep.from ? 1 : -1;
  const count = Math.floor(Math.abs(sweep.to - sweep.from) / sweep.step + 1e-9) + 1;
  if (count > MAX_BATCH_STEPS) {
    throw new ProtocolError(
      'BAD_REQUEST',
      `A sweep has at most ${MAX_BATCH_STEPS} steps (this one has ${count}).`,
    );
  }
  // Computed from the index, not accumulated, so 0.1-steps do not drift (0.30000000000000004).
  const values = Array.from({ length: count }, (_, i) =>
    roundTo(sweep.from + direction * i * sweep.step, sweep.step),
  );
  const holdMs = count * sweep.dwellMs + BATCH_OVERHEAD_MS;
  if (holdMs > lab.maxHoldMs) {
    throw new ProtocolError(
      'BAD_REQUEST',
      `This sweep would hold the bench ${Math.ceil(holdMs / 1000)} s; the limit is ${Math.floor(lab.maxHoldMs / 1000)} s.`,
    );
  }
  return {
    output: sweep.output,
    values,
    dwellMs: sweep.dwellMs,
    record: [...sweep.record],
    holdMs,
  };
}

function roundTo(value: number, step: number): number {
  const decimals = Math.min(10, Math.max(0, -Math.floor(Math.log10(step)) + 2));
  // `+ 0` turns -0 (0.3 - 3 * 0.1, rounded) into 0.
  return Number(value.toFixed(decimals)) + 0;
}
