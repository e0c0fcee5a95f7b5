import type { Interval } from './scheduling-types.ts';
import { formatLocal } from './zoned-time.ts';

/**
 * Slots are `[start, start + slotMs)` with `start` a multiple of `slotMs` since the epoch: 24/7,
 * no gaps, and the same grid in every time zone (the zones we serve have whole-hour offsets, so
 * hourly slots fall on the hour everywhere). A slot is identified by its UTC start.
 */
export function isSlotStart(instant: number, slotMs: number): boolean {
  return Number.isInteger(instant) && instant % slotMs === 0;
}

/** The slots whose start lies in `[from, to)`, in order. */
export function slotsStartingIn(range: Interval, slotMs: number): Interval[] {
  const slots: Interval[] = [];
  for (let start = Math.ceil(range.start / slotMs) * slotMs; start < range.end; start += slotMs) {
    slots.push({ start, end: start + slotMs });
  }
  return slots;
}

/** A slot as a user sees it: its wall-clock start and end in their zone, with offsets. */
export interface LocalSlot extends Interval {
  localStart: string;
  localEnd: string;
}

/**
 * Presents slots in `timeZone`. Across a DST change the wall times jump (02:00 -> 03:00 in Paris
 * in March) or repeat (02:00 twice in October); the UTC starts never do, which is why they, not
 * the wall times, identify slots.
 */
export function localSlots(slots: readonly Interval[], timeZone: string): LocalSlot[] {
  return slots.map((slot) => ({
    ...slot,
    localStart: formatLocal(timeZone, slot.start),
    localEnd: formatLocal(timeZone, slot.end),
  }));
}
