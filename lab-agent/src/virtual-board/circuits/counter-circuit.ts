import type { CircuitModel, SampleContext } from './circuit-model.ts';

/**
 * For benchmarks: every analog channel reads `cycleIndex % 1024`, no noise. A receiver can tell
 * which sampling cycle a value came from and match it with the board's 'cycle' event.
 */
export class CounterCircuit implements CircuitModel {
  readonly name = 'counter';

  readAnalog(_channel: number, _tMs: number, _outputs: unknown, context: SampleContext): number {
    return context.cycleIndex % 1024;
  }
}
