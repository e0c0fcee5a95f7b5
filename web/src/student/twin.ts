import type { BenchSummary } from '@remotelab/protocol';

/**
 * A bench served by a virtual board (the circuit simulated by ngspice) is its pool's "twin":
 * students practise on it before booking a real bench. The server flags it with `twin: true`
 * when the agent reports it; a summary without the flag is a real bench.
 */
export function isTwin(bench: BenchSummary): boolean {
  return (bench as BenchSummary & { twin?: unknown }).twin === true;
}

export function poolOf(bench: BenchSummary): string {
  const kind = (bench as BenchSummary & { kind?: unknown }).kind;
  if (typeof kind === 'string') return kind;
  return bench.pool ?? bench.id.replace(/-\d+$/, '');
}

export type PracticeState =
  | { kind: 'ready'; bench: BenchSummary }
  | { kind: 'twin-offline'; bench: BenchSummary }
  | { kind: 'no-twin' };

/** The pool's twin to practise on: an online one first, else say why there is none. */
export function practiceFor(benches: readonly BenchSummary[], pool: string): PracticeState {
  const twins = benches.filter((b) => poolOf(b) === pool && isTwin(b));
  const online = twins.find((b) => b.status === 'online');
  if (online) return { kind: 'ready', bench: online };
  const first = twins[0];
  return first ? { kind: 'twin-offline', bench: first } : { kind: 'no-twin' };
}

/** Real (non-twin) benches of a pool that are online and not out of service. */
export function availableBenches(benches: readonly BenchSummary[], pool: string): BenchSummary[] {
  return benches.filter((b) => {
    const flags = b as BenchSummary & { maintenance?: unknown };
    return (
      poolOf(b) === pool &&
      !isTwin(b) &&
      b.status === 'online' &&
      !b.quarantine &&
      !flags.maintenance
    );
  });
}
