import type { SelfTestResult } from '@remotelab/protocol';

/** One sentence for the quarantine reason: the first failing step and what it measured. */
export function describeFailure(result: SelfTestResult): string {
  const step = result.steps.find((candidate) => !candidate.passed);
  if (!step)
    return result.detail ? `self-test failed: ${result.detail}`.slice(0, 500) : 'self-test failed';
  const check = step.checks.find((candidate) => !candidate.passed);
  const what = step.error
    ? step.error
    : check
      ? `${check.input} measured ${format(check.measured)}, expected ${check.expected} ± ${check.tolerance}`
      : 'failed';
  return `self-test failed at step "${step.name}": ${what}`.slice(0, 500);
}

function format(value: number | null): string {
  return value === null ? 'nothing' : String(Math.round(value * 1000) / 1000);
}
