import {
  frameRows,
  type BenchDefinition,
  type OutputValue,
  type SampleFrame,
  type SelfTestResult,
} from '@remotelab/protocol';

/** What the self-test needs of its bench. */
export interface SelfTestBench {
  readonly definition: BenchDefinition;
  /** Applies a value as the agent's own write (the envelope applies); throws a ProtocolError. */
  write(outputId: string, value: OutputValue): Promise<void>;
  /** Earliest time the output's maximum change rate allows `value`. */
  readyAt(outputId: string, value: OutputValue): number;
  /** The next frame the bench produces, or undefined after `timeoutMs`. */
  nextFrame(timeoutMs: number): Promise<SampleFrame | undefined>;
  /** Puts every output back in its safe state. */
  safeState(): Promise<void>;
  sleep(ms: number): Promise<void>;
  now(): number;
}

type StepResult = SelfTestResult['steps'][number];

/** How long a step waits for readings taken after its settling time before failing. */
const READINGS_TIMEOUT_MS = 2000;

/**
 * Runs the bench's self-test: for each step, set its outputs (waiting when an output's maximum
 * change rate requires it), wait `waitMs`, then compare the mean of each expected input over the
 * rows sampled after the wait with the expected value and tolerance. Ends in the safe state,
 * whatever happened. A step that cannot run (an output refused, no readings) fails, and the
 * steps after it are listed as not run.
 */
export async function runSelfTest(
  bench: SelfTestBench,
  trigger: SelfTestResult['trigger'],
): Promise<SelfTestResult> {
  const startedAt = bench.now();
  const definition = bench.definition;
  const steps = definition.selfTest?.steps ?? [];
  const results: StepResult[] = [];
  let safeStateFailure: string | undefined;
  try {
    let blocked: string | undefined;
    for (const step of steps) {
      if (blocked) {
        results.push(notRun(step, `not run: ${blocked}`));
        continue;
      }
      const result = await runStep(bench, step);
      results.push(result);
      if (result.error) blocked = `step "${step.name}" could not run`;
    }
  } finally {
    safeStateFailure = await bench.safeState().then(
      () => undefined,
      // The bench is marked unsafe by whoever drives the safe state; the self-test reports it as
      // a failure rather than vanishing without a result (which would leave it unquarantined).
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
  }
  const result: SelfTestResult = {
    benchId: definition.id,
    trigger,
    startedAt,
    finishedAt: bench.now(),
    passed: safeStateFailure === undefined && results.every((step) => step.passed),
    steps: results,
  };
  if (steps.length === 0) result.detail = 'this bench defines no self-test';
  if (safeStateFailure)
    result.detail = `safe state not reached after the test: ${safeStateFailure}`;
  return result;
}

type Step = NonNullable<BenchDefinition['selfTest']>['steps'][number];

async function runStep(bench: SelfTestBench, step: Step): Promise<StepResult> {
  try {
    for (const [outputId, value] of Object.entries(step.set)) {
      const wait = bench.readyAt(outputId, value) - bench.now();
      if (wait > 0) await bench.sleep(wait);
      await bench.write(outputId, value);
    }
  } catch (error) {
    return notRun(step, `setting the outputs failed: ${(error as Error).message}`);
  }
  await bench.sleep(step.waitMs);
  const settledAt = bench.now();
  const rows = await rowsAfter(
    bench,
    settledAt,
    step.expect.map((e) => e.input),
  );
  const checks = step.expect.map(({ input, value, tolerance }) => {
    const column = rows?.[input] ?? [];
    const measured = column.length > 0 ? mean(column) : null;
    const passed = measured !== null && Math.abs(measured - value) <= tolerance;
    return { input, expected: value, tolerance, measured, passed };
  });
  const result: StepResult = {
    name: step.name,
    passed: checks.every((check) => check.passed),
    checks,
  };
  if (!rows && step.expect.length > 0) result.error = 'no readings from the board';
  return result;
}

/** The rows of the named inputs sampled at or after `since`, from the first frame that has any. */
async function rowsAfter(
  bench: SelfTestBench,
  since: number,
  inputs: readonly string[],
): Promise<Record<string, number[]> | undefined> {
  if (inputs.length === 0) return {};
  const deadline = bench.now() + READINGS_TIMEOUT_MS;
  while (bench.now() < deadline) {
    const frame = await bench.nextFrame(deadline - bench.now());
    if (!frame) return undefined;
    const first = Array.from({ length: frameRows(frame) }, (_, i) => i).find(
      (i) => frame.t0 + i * frame.dt >= since,
    );
    if (first === undefined) continue;
    return Object.fromEntries(inputs.map((id) => [id, frame.channels[id]?.slice(first) ?? []]));
  }
  return undefined;
}

function notRun(step: Step, error: string): StepResult {
  return {
    name: step.name,
    passed: false,
    checks: step.expect.map(({ input, value, tolerance }) => ({
      input,
      expected: value,
      tolerance,
      measured: null,
      passed: false,
    })),
    error,
  };
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}
