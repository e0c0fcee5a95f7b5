import { ProtocolError, type BenchDescriptor, type LabControl } from '@remotelab/protocol';

/**
 * Checks what a lab exposes against every bench of its pool: each input must exist on each bench,
 * each control must be one of its outputs, and a PWM range may only narrow the bench's own (so the
 * lab behaves the same on every bench and never asks beyond a bench's envelope). Returns the
 * controls with their ranges filled in from the narrowest bench when the instructor left them out.
 */
export function checkLabControls(
  pool: string,
  inputs: readonly string[],
  controls: readonly LabControl[],
  benches: readonly BenchDescriptor[],
): LabControl[] {
  if (benches.length === 0) {
    throw new ProtocolError(
      'UNKNOWN_BENCH',
      `No bench of pool "${pool}" has connected yet, so the lab's ranges cannot be checked. Connect one of its benches first.`,
    );
  }
  const dupInput = inputs.find((id, i) => inputs.indexOf(id) !== i);
  if (dupInput) throw new ProtocolError('BAD_REQUEST', `Input "${dupInput}" is listed twice.`);
  const outputs = controls.map((c) => c.output);
  const dupOutput = outputs.find((id, i) => outputs.indexOf(id) !== i);
  if (dupOutput) throw new ProtocolError('BAD_REQUEST', `Control "${dupOutput}" is listed twice.`);

  for (const bench of benches) {
    for (const id of inputs) {
      if (!bench.inputs.some((input) => input.id === id)) {
        throw new ProtocolError(
          'NOT_EXPOSED',
          `Bench ${bench.id} of pool "${pool}" has no input "${id}".`,
        );
      }
    }
  }

  return controls.map((control) => {
    let min = -Infinity;
    let max = Infinity;
    for (const bench of benches) {
      const output = bench.outputs.find((candidate) => candidate.id === control.output);
      if (!output) {
        throw new ProtocolError(
          'NOT_EXPOSED',
          `Bench ${bench.id} of pool "${pool}" has no control "${control.output}".`,
        );
      }
      if (output.kind === 'digital-out') {
        if (control.min !== undefined || control.max !== undefined) {
          throw new ProtocolError('BAD_REQUEST', `${output.label} is on/off: it takes no range.`);
        }
        continue;
      }
      const lo = control.min ?? output.min;
      const hi = control.max ?? output.max;
      if (lo < output.min || hi > output.max) {
        throw new ProtocolError(
          'OUT_OF_RANGE',
          `${control.output}: ${lo}-${hi} ${output.unit} is wider than bench ${bench.id} allows (${output.min}-${output.max} ${output.unit}).`,
        );
      }
      min = Math.max(min, output.min);
      max = Math.min(max, output.max);
    }
    if (!Number.isFinite(min)) return { output: control.output };
    const filled = { output: control.output, min: control.min ?? min, max: control.max ?? max };
    if (filled.min >= filled.max) {
      throw new ProtocolError(
        'BAD_REQUEST',
        `${control.output}: min (${filled.min}) must be below max (${filled.max}).`,
      );
    }
    return filled;
  });
}
