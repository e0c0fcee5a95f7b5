import { ProtocolError } from '@remotelab/protocol';
import type { Interval, LabSchedule } from './scheduling-types.ts';
import { isSlotStart } from './slot-calendar.ts';
import { formatLocal, localWeekOf, type LocalWeek } from './zoned-time.ts';

/**
 * The booking policy of a lab, as pure checks. Each throws a ProtocolError whose code the client
 * switches on; callers run them inside the booking transaction so the counts they are given are
 * the ones the insert will see.
 */

/** A slot is bookable from now (exclusive: the running slot belongs to the walk-in queue) to the horizon. */
export function checkBookable(slotStart: number, now: number, lab: LabSchedule, timeZone: string) {
  if (!isSlotStart(slotStart, lab.slotMs)) {
    throw new ProtocolError(
      'BAD_REQUEST',
      `slotStart must be the start of a ${lab.slotMs / 60_000}-minute slot.`,
    );
  }
  if (slotStart <= now) {
    throw new ProtocolError(
      'BOOKING_CLOSED',
      'This slot has started or is over: join the walk-in queue instead.',
    );
  }
  if (slotStart >= now + lab.horizonMs) {
    const lastDay = formatLocal(timeZone, now + lab.horizonMs).slice(0, 10);
    throw new ProtocolError(
      'BOOKING_CLOSED',
      `Bookings open ${lab.horizonMs / 86_400_000} days ahead (until ${lastDay}).`,
    );
  }
}

/** The week a slot counts against, in the course's zone (never the student's own). */
export function quotaWeekOf(slotStart: number, timeZone: string): LocalWeek {
  return localWeekOf(timeZone, slotStart);
}

/** `used` = the student's bookings in this lab whose slot starts in that week, cancelled ones excluded. */
export function checkQuota(used: number, lab: LabSchedule, week: LocalWeek): void {
  if (used >= lab.quotaPerWeek) {
    throw new ProtocolError(
      'QUOTA_EXCEEDED',
      `You have booked ${used} of ${lab.quotaPerWeek} slots allowed in the week of ${week.monday}.`,
    );
  }
}

/** Cancelling frees the quota; it is allowed until `cancelDeadlineMs` before the slot starts. */
export function checkCancellable(slot: Interval, now: number, lab: LabSchedule): void {
  if (now > slot.start - lab.cancelDeadlineMs) {
    const minutes = Math.round(lab.cancelDeadlineMs / 60_000);
    throw new ProtocolError(
      'BOOKING_CLOSED',
      minutes > 0
        ? `Bookings can be cancelled up to ${minutes} minutes before they start.`
        : 'This booking has started.',
    );
  }
}
