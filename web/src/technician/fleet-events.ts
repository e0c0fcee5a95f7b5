import type { BenchView } from '@remotelab/protocol';
import { ValueStore } from '../shared/value-store.ts';

export type FleetEventKind = 'offline' | 'online' | 'quarantined' | 'released' | 'unsafe' | 'safe';

export interface FleetEvent {
  id: number;
  at: number;
  benchId: string;
  name: string;
  kind: FleetEventKind;
  /** The quarantine's reason (a failed self-test says which step), or why the bench is unsafe. */
  reason?: string;
}

/** What matters of a bench for the fleet: up or down, in quarantine or not, safe or not. */
interface Seen {
  online: boolean;
  quarantined: boolean;
  unsafe: boolean;
}

/** Events that need a technician: shown as alerts until dismissed. */
const ALERT_KINDS: readonly FleetEventKind[] = ['offline', 'quarantined', 'unsafe'];

const MAX_EVENTS = 200;

/** An event that resolves an earlier alert of the same bench. */
const SETTLES: Partial<Record<FleetEventKind, FleetEventKind>> = {
  online: 'offline',
  released: 'quarantined',
  safe: 'unsafe',
};

/**
 * Bench state changes seen on `bench:state` pushes while the page is open: the technician's
 * event log when the audit log is not theirs to read, and the source of the alerts. The first
 * sight of a bench sets its baseline and is not an event.
 */
export class FleetEvents {
  readonly events = new ValueStore<readonly FleetEvent[]>([]);
  readonly dismissed = new ValueStore<ReadonlySet<number>>(new Set());
  private readonly seen = new Map<string, Seen>();
  private nextId = 1;

  constructor(private readonly now: () => number = Date.now) {}

  /** Sets the baseline from a list, without events. */
  know(benches: readonly BenchView[]): void {
    for (const bench of benches) {
      if (!this.seen.has(bench.id)) this.seen.set(bench.id, seenOf(bench));
    }
  }

  observe(bench: BenchView): void {
    const next = seenOf(bench);
    const before = this.seen.get(bench.id);
    this.seen.set(bench.id, next);
    if (!before) return;
    const add: Array<Omit<FleetEvent, 'id' | 'at' | 'benchId' | 'name'>> = [];
    if (before.online && !next.online) add.push({ kind: 'offline' });
    if (!before.online && next.online) add.push({ kind: 'online' });
    if (!before.quarantined && next.quarantined)
      add.push({ kind: 'quarantined', reason: bench.quarantine?.reason ?? '' });
    if (before.quarantined && !next.quarantined) add.push({ kind: 'released' });
    if (!before.unsafe && next.unsafe)
      add.push({ kind: 'unsafe', reason: bench.unsafe?.reason ?? '' });
    if (before.unsafe && !next.unsafe) add.push({ kind: 'safe' });
    if (add.length === 0) return;
    const at = this.now();
    const made = add.map((e) => ({
      ...e,
      id: this.nextId++,
      at,
      benchId: bench.id,
      name: bench.name,
    }));
    this.events.set([...made.reverse(), ...this.events.get()].slice(0, MAX_EVENTS));
  }

  dismiss(id: number): void {
    this.dismissed.set(new Set([...this.dismissed.get(), id]));
  }

  /** Alerts not dismissed, newest first; a bench back online clears its offline alert. */
  alerts(): FleetEvent[] {
    const dismissed = this.dismissed.get();
    const out: FleetEvent[] = [];
    const settled = new Set<string>();
    for (const event of this.events.get()) {
      const key = `${event.benchId}|${SETTLES[event.kind] ?? event.kind}`;
      if (settled.has(key)) continue;
      settled.add(key);
      if (ALERT_KINDS.includes(event.kind) && !dismissed.has(event.id)) out.push(event);
    }
    return out;
  }
}

function seenOf(bench: BenchView): Seen {
  return {
    online: bench.status === 'online',
    quarantined: !!bench.quarantine,
    unsafe: !!bench.unsafe,
  };
}

/** The page's one log (the alerts and the log page share it). */
export const fleetEvents = new FleetEvents();
