import type { BenchView } from '@remotelab/protocol';

/**
 * A bench served by a virtual board (the circuit simulated by ngspice) is its pool's "twin":
 * students practise on it before booking a real bench. The server flags it with `twin: true`
 * when the agent reports it; a bench without the flag is a real bench.
 */
function isTwin(bench: BenchView): boolean {
  return bench.twin === true;
}

export type PracticeState =
  | { kind: 'ready'; bench: BenchView }
  | { kind: 'twin-offline'; bench: BenchView }
  | { kind: 'no-twin' };

/** The pool's twin to practise on: an online one first, else say why there is none. */
export function practiceFor(benches: readonly BenchView[], pool: string): PracticeState {
  const twins = benches.filter((b) => b.pool === pool && isTwin(b));
  const online = twins.find((b) => b.status === 'online');
  if (online) return { kind: 'ready', bench: online };
  const first = twins[0];
  return first ? { kind: 'twin-offline', bench: first } : { kind: 'no-twin' };
}
