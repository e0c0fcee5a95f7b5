import type { RanStep } from '../scheduler-timers.contract.ts';
import { schedulerTimersContract } from '../scheduler-timers.contract.ts';
import { VirtualTimers } from './virtual-timers.ts';

class StepFailed extends Error {}

schedulerTimersContract('VirtualTimers on a fake clock', {
  soonMs: 60_000,
  latenessMs: 0,
  create: () => {
    let clock = Date.UTC(2027, 0, 15, 9);
    let failing = false;
    const timers = new VirtualTimers();
    return Promise.resolve({
      timers,
      now: () => clock,
      failSteps: (on: boolean) => {
        failing = on;
      },
      async runSteps(count: number) {
        const ran: RanStep[] = [];
        while (ran.length < count) {
          const next = timers.nextDue();
          if (next === undefined) throw new Error(`only ${ran.length} of ${count} steps came due`);
          clock = Math.max(clock, next);
          try {
            await timers.runDue(clock, (name, bookingId) => {
              ran.push({ name, bookingId, ranAt: clock, failed: failing });
              if (failing) throw new StepFailed(`${name} failed`);
              return Promise.resolve({ done: true, what: 'ran' });
            });
          } catch (error) {
            if (!(error instanceof StepFailed)) throw error;
          }
        }
        return ran;
      },
      pending: () => Promise.resolve(timers.pending()),
      // VirtualTimers notes poked pools for the simulation's loop, which runs the matcher.
      get pokes() {
        return [...timers.pokedPools];
      },
      close: () => Promise.resolve(),
    });
  },
});
