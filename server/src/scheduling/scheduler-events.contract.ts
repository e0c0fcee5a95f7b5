import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { SchedulerEvent, SchedulerEventBus } from './scheduler-events.ts';

/** What the contract needs of the bus under test. */
export interface SchedulerEventBusHarness {
  /** A bus ready to publish and to receive (subscribed, when it has a transport). */
  create(): Promise<SchedulerEventBus>;
  /**
   * True when the buses `create` gives share one transport, as the server processes sharing a
   * Redis prefix do: each then stands for another process. False for in-process buses.
   */
  sharesTransport: boolean;
  /**
   * Puts raw text where the buses read events (what a buggy or foreign process could publish);
   * resolves once the transport has taken it. Absent for in-process buses, which take only typed
   * events.
   */
  injectRaw?(text: string): Promise<void>;
  /** What the buses logged so far at warn or above (messages), from `capturingLogger`. */
  logged(): string[];
}

/** A logger for the buses under test that keeps what they log at warn and above. */
export function capturingLogger(): { logger: Logger; logged: () => string[] } {
  const messages: string[] = [];
  const sink = new Writable({
    write(line: Buffer, _encoding, done) {
      messages.push((JSON.parse(line.toString()) as { msg: string }).msg);
      done();
    },
  });
  return { logger: pino({ level: 'warn' }, sink), logged: () => [...messages] };
}

const BOOKING_ID = '4f1c5a52-8a43-4a7e-9d7b-2f0f6c3f1a01';
const LAB_ID = '1b0e8d3e-5c57-4f0e-8a2b-3c9d4e5f6a7b';
const SESSION_ID = '7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d';
const USER_ID = '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b';

/** One event of each type, with the values the scheduler really sends. */
export const SAMPLE_EVENTS: readonly SchedulerEvent[] = [
  {
    type: 'session-started',
    bookingId: BOOKING_ID,
    labId: LAB_ID,
    kind: 'slot',
    benchId: 'rc-filter-1',
    sessionId: SESSION_ID,
    ownerId: USER_ID,
    endsAt: 1_800_000_000_000,
  },
  {
    type: 'session-warning',
    bookingId: BOOKING_ID,
    benchId: 'rc-filter-1',
    ownerId: USER_ID,
    endsAt: 1_800_000_000_000,
    remainingMs: 120_000,
  },
  {
    type: 'session-paused',
    bookingId: BOOKING_ID,
    benchId: 'rc-filter-1',
    ownerId: USER_ID,
    graceEndsAt: 1_800_000_060_000,
  },
  {
    type: 'session-extended',
    bookingId: BOOKING_ID,
    benchId: 'rc-filter-1',
    ownerId: USER_ID,
    endsAt: 1_800_000_300_000,
    creditedMs: 300_000,
  },
  {
    type: 'session-ended',
    bookingId: BOOKING_ID,
    benchId: 'rc-filter-1',
    sessionId: SESSION_ID,
    ownerId: USER_ID,
    reason: 'ended',
  },
  {
    type: 'booking-changed',
    userId: USER_ID,
    booking: {
      id: BOOKING_ID,
      labId: LAB_ID,
      kind: 'walk-in',
      benchId: 'rc-filter-1',
      start: 1_799_999_000_000,
      end: 1_800_000_000_000,
      localStart: '2027-01-15T09:00',
      localEnd: '2027-01-15T09:30',
      status: 'cancelled',
      sessionId: null,
      reason: 'cancelled-by-user',
    },
  },
  { type: 'queue-changed', labId: LAB_ID },
  {
    type: 'batch-changed',
    userId: USER_ID,
    run: {
      id: SESSION_ID,
      labId: LAB_ID,
      sweep: { output: 'duty', from: 0, to: 100, step: 10, dwellMs: 200, record: ['vout'] },
      status: 'running',
      benchId: 'rc-filter-2',
      submittedAt: 1_799_999_000_000,
      startedAt: 1_799_999_001_000,
      finishedAt: null,
      sessionId: SESSION_ID,
      error: null,
    },
  },
  { type: 'pool-changed', pool: 'rc-filter' },
];

/** Marks the end of what a test published: every listener that gets it got everything before. */
const fence = (n: number): SchedulerEvent => ({ type: 'pool-changed', pool: `fence-${n}` });
const isFence = (event: SchedulerEvent) =>
  event.type === 'pool-changed' && event.pool.startsWith('fence-');

/** What one listener got, and a way to wait for the fence that ends a test's publishing. */
function listen(bus: SchedulerEventBus) {
  const got: SchedulerEvent[] = [];
  const waiting: Array<{ marker: SchedulerEvent; wake: () => void }> = [];
  const received = () => got.filter((e) => !isFence(e));
  bus.on((event) => {
    got.push(event);
    for (const w of waiting.filter((w) => same(w.marker, event))) w.wake();
  });
  return {
    got,
    /** What arrived before `marker` (fences left out), once it arrived; fails if it never does. */
    until(marker: SchedulerEvent): Promise<SchedulerEvent[]> {
      if (got.some((e) => same(e, marker))) return Promise.resolve(received());
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${JSON.stringify(marker)} never arrived`)),
          5_000,
        );
        waiting.push({
          marker,
          wake: () => {
            clearTimeout(timer);
            resolve(received());
          },
        });
      });
    },
  };
}

/**
 * The SchedulerEventBus contract (see scheduler-events.ts), one numbered rule per test, run
 * against every implementation: LocalEventBus, and RedisEventBus on a real Redis. Rules 4 and 5
 * hold for buses that share a transport between processes; the harness declares one.
 */
export function schedulerEventBusContract(name: string, h: SchedulerEventBusHarness): void {
  describe(`SchedulerEventBus contract: ${name}`, () => {
    const buses: SchedulerEventBus[] = [];
    const open = async () => {
      const bus = await h.create();
      buses.push(bus);
      return bus;
    };
    afterEach(async () => {
      await Promise.all(buses.splice(0).map((bus) => bus.close()));
    });

    it("1. every listener, the publisher's own included, gets every event once, in publish order", async () => {
      const bus = await open();
      const [first, second] = [listen(bus), listen(bus)];
      const sent = [...SAMPLE_EVENTS, ...SAMPLE_EVENTS.slice().reverse()];
      for (const event of sent) bus.publish(event);
      bus.publish(fence(1));
      expect(await first.until(fence(1))).toEqual(sent);
      expect(await second.until(fence(1))).toEqual(sent);
    });

    it('2. a listener added later gets what is published from then on', async () => {
      const bus = await open();
      const early = listen(bus);
      bus.publish(SAMPLE_EVENTS[0]!);
      bus.publish(fence(1));
      await early.until(fence(1));
      const late = listen(bus);
      bus.publish(SAMPLE_EVENTS[1]!);
      bus.publish(fence(2));
      expect(await late.until(fence(2))).toEqual([SAMPLE_EVENTS[1]]);
      expect(await early.until(fence(2))).toEqual([SAMPLE_EVENTS[0], SAMPLE_EVENTS[1]]);
    });

    it('3. after close nothing is delivered, and publishing on a closed bus does not throw', async () => {
      const bus = await open();
      const closed = listen(bus);
      const other = h.sharesTransport ? await open() : undefined;
      const watcher = other ? listen(other) : undefined;
      await bus.close();
      expect(() => bus.publish(SAMPLE_EVENTS[0]!)).not.toThrow();
      if (other && watcher) {
        // What another process publishes reaches its own listener, never the closed bus's.
        other.publish(SAMPLE_EVENTS[1]!);
        other.publish(fence(1));
        expect(await watcher.until(fence(1))).toEqual([SAMPLE_EVENTS[1]]);
      }
      expect(closed.got).toEqual([]);
    });

    it.runIf(h.sharesTransport)(
      '4. two buses on one transport (two processes) both get each event, whichever publishes',
      async () => {
        const [a, b] = [await open(), await open()];
        const [atA, atB] = [listen(a), listen(b)];
        const fromA = SAMPLE_EVENTS.slice(0, 5);
        const fromB = SAMPLE_EVENTS.slice(5);
        for (const event of fromA) a.publish(event);
        for (const event of fromB) b.publish(event);
        a.publish(fence(1));
        b.publish(fence(2));
        for (const at of [atA, atB]) {
          await at.until(fence(1));
          const got = await at.until(fence(2));
          // Each publisher's events in its order; the two streams may interleave.
          expect(got.filter((e) => fromA.some((s) => same(s, e)))).toEqual(fromA);
          expect(got.filter((e) => fromB.some((s) => same(s, e)))).toEqual(fromB);
          expect(got).toHaveLength(SAMPLE_EVENTS.length);
        }
      },
    );

    it.runIf(h.injectRaw !== undefined)(
      '5. a malformed message is ignored with a warning, and the events after it still arrive',
      async () => {
        const bus = await open();
        const seen = listen(bus);
        const before = h.logged().length;
        const malformed = [
          'not json at all',
          '{"type":"session-started","bookingId":"b1"}', // fields missing
          '{"type":"no-such-event","pool":"rc-filter"}',
          JSON.stringify({ ...SAMPLE_EVENTS[6], labId: 42 }), // a field of the wrong type
          'null',
        ];
        for (const text of malformed) await h.injectRaw!(text);
        bus.publish(SAMPLE_EVENTS[0]!);
        bus.publish(fence(1));
        expect(await seen.until(fence(1))).toEqual([SAMPLE_EVENTS[0]]);
        const warned = h.logged().slice(before);
        expect(warned).toHaveLength(malformed.length);
        for (const message of warned) expect(message).toMatch(/malformed scheduler event/);
      },
    );

    it('6. a listener that throws is logged, and the other listeners still get the event', async () => {
      const bus = await open();
      const before = listen(bus);
      bus.on((event) => {
        if (event.type === 'queue-changed') throw new Error('a listener with a bug');
      });
      const after = listen(bus);
      const logged = h.logged().length;
      const sent = SAMPLE_EVENTS.slice(5, 8); // booking-changed, queue-changed, batch-changed
      expect(() => sent.forEach((event) => bus.publish(event))).not.toThrow();
      bus.publish(fence(1));
      expect(await before.until(fence(1))).toEqual(sent);
      expect(await after.until(fence(1))).toEqual(sent);
      expect(h.logged().slice(logged)).toEqual(['a scheduler event listener threw']);
    });
  });
}

function same(a: SchedulerEvent, b: SchedulerEvent): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
