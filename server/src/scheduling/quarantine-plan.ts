import type { Allocation, BenchAvailability } from './scheduling-types.ts';
import { freeBenches, pickBench } from './bench-capacity.ts';

export type QuarantineStep =
  | { allocationId: string; action: 'move'; toBenchId: string }
  | { allocationId: string; action: 'cancel' };

/**
 * What becomes of the claims on a bench that was withdrawn (quarantine, maintenance): in start
 * order, each moves to another free bench of the pool, else it is cancelled (the student is told
 * and the booking no longer counts against their quota). Moves made earlier in the plan count as
 * claims for later ones, so the plan never puts two claims on one bench at one time.
 */
export function planWithdrawal(
  withdrawnBenchId: string,
  affected: readonly Allocation[],
  benches: readonly BenchAvailability[],
  allocations: readonly Allocation[],
): QuarantineStep[] {
  const others = benches.filter((b) => b.id !== withdrawnBenchId);
  const moving = new Set(affected.map((a) => a.id));
  const working = allocations.filter((a) => !moving.has(a.id));
  const steps: QuarantineStep[] = [];
  for (const claim of [...affected].sort((a, b) => a.start - b.start)) {
    const target = pickBench(claim, freeBenches(claim, others, working), working);
    if (!target) {
      steps.push({ allocationId: claim.id, action: 'cancel' });
      continue;
    }
    working.push({ ...claim, benchId: target.id });
    steps.push({ allocationId: claim.id, action: 'move', toBenchId: target.id });
  }
  return steps;
}
