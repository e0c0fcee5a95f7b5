import {
  ProtocolError,
  checkLabControls as checkAgainstBenches,
  type BenchDescriptor,
  type ErrorCode,
  type LabControl,
  type LabControlProblem,
} from '@remotelab/protocol';

/**
 * The lab designer's rule (protocol's `checkLabControls`) as the server applies it: the first
 * problem is refused with its code and a sentence naming the bench; otherwise the controls come
 * back with their ranges filled in from the narrowest bench.
 */
export function checkLabControls(
  pool: string,
  inputs: readonly string[],
  controls: readonly LabControl[],
  benches: readonly BenchDescriptor[],
): LabControl[] {
  const check = checkAgainstBenches(inputs, controls, benches);
  const [problem] = check.problems;
  if (problem) throw refusal(pool, problem);
  return check.controls;
}

function refusal(pool: string, problem: LabControlProblem): ProtocolError {
  const [code, message] = describe(pool, problem);
  return new ProtocolError(code, message);
}

function describe(pool: string, problem: LabControlProblem): [ErrorCode, string] {
  switch (problem.code) {
    case 'noBench':
      return [
        'UNKNOWN_BENCH',
        `No bench of pool "${pool}" has connected yet, so the lab's ranges cannot be checked. Connect one of its benches first.`,
      ];
    case 'duplicateInput':
      return ['BAD_REQUEST', `Input "${problem.input}" is listed twice.`];
    case 'duplicateControl':
      return ['BAD_REQUEST', `Control "${problem.output}" is listed twice.`];
    case 'unknownInput':
      return [
        'NOT_EXPOSED',
        `Bench ${problem.benchId} of pool "${pool}" has no input "${problem.input}".`,
      ];
    case 'unknownControl':
      return [
        'NOT_EXPOSED',
        `Bench ${problem.benchId} of pool "${pool}" has no control "${problem.output}".`,
      ];
    case 'rangeOnSwitch':
      return ['BAD_REQUEST', `${problem.label} is on/off: it takes no range.`];
    case 'belowEnvelope':
    case 'aboveEnvelope':
      return [
        'OUT_OF_RANGE',
        `${problem.output}: ${problem.lo}-${problem.hi} ${problem.unit} is wider than bench ${problem.benchId} allows (${problem.envelope.min}-${problem.envelope.max} ${problem.unit}).`,
      ];
    case 'minNotBelowMax':
      return [
        'BAD_REQUEST',
        `${problem.output}: min (${problem.min}) must be below max (${problem.max}).`,
      ];
  }
}
