import { describe, expect, it } from 'vitest';
import {
  capturingLogger,
  schedulerEventBusContract,
  SAMPLE_EVENTS,
} from './scheduler-events.contract.ts';
import { LocalEventBus, SchedulerEventSchema } from './scheduler-events.ts';

const { logger, logged } = capturingLogger();

schedulerEventBusContract('LocalEventBus', {
  create: () => Promise.resolve(new LocalEventBus(logger)),
  sharesTransport: false,
  logged,
});

describe('SchedulerEventSchema', () => {
  it('accepts every event the scheduler sends, unchanged', () => {
    for (const event of SAMPLE_EVENTS) expect(SchedulerEventSchema.parse(event)).toEqual(event);
  });

  it('refuses an unknown type, a missing field and a booking that is not one', () => {
    const [started, , , , , changed] = SAMPLE_EVENTS;
    expect(SchedulerEventSchema.safeParse({ type: 'no-such-event' }).success).toBe(false);
    const { ownerId: _dropped, ...withoutOwner } = started as Extract<
      (typeof SAMPLE_EVENTS)[number],
      { type: 'session-started' }
    >;
    expect(SchedulerEventSchema.safeParse(withoutOwner).success).toBe(false);
    const badBooking = { ...changed, booking: { id: 'b1' } };
    expect(SchedulerEventSchema.safeParse(badBooking).success).toBe(false);
  });
});
