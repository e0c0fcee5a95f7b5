import type { BenchView, Lab, OutputDescriptor } from '@remotelab/protocol';

/**
 * The bench as this lab shows it: only the inputs the lab exposes, only its controls, with their
 * ranges narrowed to the lab's (never widened: the bench's envelope still wins), and the step
 * kept. The server and the agent check the same ranges; this only keeps the sliders honest.
 * Without a lab (an ad hoc session), the bench as it is.
 */
export function narrowBench(
  bench: BenchView,
  lab: Pick<Lab, 'inputs' | 'controls'> | null,
): BenchView {
  if (!lab) return bench;
  const inputs = bench.inputs.filter((input) => lab.inputs.includes(input.id));
  const outputs: OutputDescriptor[] = [];
  for (const control of lab.controls) {
    const output = bench.outputs.find((o) => o.id === control.output);
    if (!output) continue;
    if (output.kind === 'digital-out') {
      outputs.push(output);
      continue;
    }
    const min = Math.max(output.min, control.min ?? output.min);
    const max = Math.min(output.max, control.max ?? output.max);
    if (min > max) continue; // a lab that no longer fits this bench: show nothing rather than lie
    const safe = Math.min(max, Math.max(min, output.safe));
    outputs.push({ ...output, min, max, safe });
  }
  return { ...bench, inputs, outputs };
}
