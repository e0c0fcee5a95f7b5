import { describe, expect, it } from 'vitest';
import type { WeekSlots } from '@remotelab/protocol';
import { daySlots, firstDayToShow, nextFreeSlots, weekDays, weekGrid } from './week-grid.ts';

function slot(localStart: string, state: 'free' | 'full' | 'mine' | 'closed' = 'free') {
  return {
    start: Date.parse(localStart),
    end: Date.parse(localStart) + 3_600_000,
    localStart,
    localEnd: localStart,
    capacity: 2,
    free: state === 'free' ? 2 : 0,
    state,
  };
}

const week = (slots: WeekSlots['slots']): WeekSlots => ({
  labId: '00000000-0000-4000-8000-000000000001',
  timeZone: 'Europe/Paris',
  week: '2025-03-24',
  slotMinutes: 60,
  quota: { perWeek: 3, used: 1, left: 2 },
  slots,
});

describe('weekGrid', () => {
  it('has the seven days from Monday, across a month end', () => {
    expect(weekDays('2025-03-31')).toEqual([
      '2025-03-31',
      '2025-04-01',
      '2025-04-02',
      '2025-04-03',
      '2025-04-04',
      '2025-04-05',
      '2025-04-06',
    ]);
  });

  it('puts each slot at its day and wall-clock start, rows sorted', () => {
    const grid = weekGrid(
      week([
        slot('2025-03-25T10:00+01:00', 'full'),
        slot('2025-03-24T09:00+01:00'),
        slot('2025-03-24T10:00+01:00', 'mine'),
      ]),
    );
    expect(grid.rows).toEqual([540, 600]);
    expect(grid.cells.get('2025-03-24|600')?.state).toBe('mine');
    expect(grid.cells.get('2025-03-25|600')?.state).toBe('full');
    expect(grid.cells.has('2025-03-25|540')).toBe(false);
  });

  it('keeps the wall clock across the DST change (no slot at 02:00 on the Sunday)', () => {
    const grid = weekGrid(
      week([
        slot('2025-03-30T01:00+01:00'),
        slot('2025-03-30T03:00+02:00'),
        slot('2025-03-29T02:00+01:00'),
      ]),
    );
    expect(grid.rows).toEqual([60, 120, 180]);
    expect(grid.cells.has('2025-03-30|120')).toBe(false);
    expect(grid.cells.has('2025-03-29|120')).toBe(true);
  });

  it('ignores slots outside the week', () => {
    expect(weekGrid(week([slot('2025-04-07T10:00+02:00')])).rows).toEqual([]);
  });
});

describe('closed hours and the lists a phone shows', () => {
  const nightAndDay = week([
    slot('2025-03-24T00:00+01:00', 'closed'),
    slot('2025-03-24T01:00+01:00', 'closed'),
    slot('2025-03-24T02:00+01:00', 'closed'),
    slot('2025-03-24T09:00+01:00', 'free'),
    slot('2025-03-24T10:00+01:00', 'full'),
    slot('2025-03-24T11:00+01:00', 'closed'),
    slot('2025-03-25T09:00+01:00', 'free'),
    slot('2025-03-25T00:00+01:00', 'closed'),
  ]);

  it('collapses rows closed on every day out of the week grid, and counts them', () => {
    const grid = weekGrid(nightAndDay);
    expect(grid.rows).toEqual([540, 600]);
    expect(grid.closedRows).toBe(4);
  });

  it('folds each run of closed slots of a day into one line', () => {
    const entries = daySlots(nightAndDay, '2025-03-24');
    expect(entries.map((e) => (e.kind === 'slot' ? e.slot.state : `closed×${e.count}`))).toEqual([
      'closed×3',
      'free',
      'full',
      'closed×1',
    ]);
    const night = entries[0];
    expect(night?.kind === 'closed' && night.end).toBe(Date.parse('2025-03-24T03:00+01:00'));
  });

  it('lists the next free slots after now, soonest first, across weeks, once each', () => {
    const later = week([slot('2025-03-31T08:00+02:00'), slot('2025-03-25T09:00+01:00')]);
    const now = Date.parse('2025-03-24T09:30+01:00');
    const next = nextFreeSlots([nightAndDay, later], now, 5);
    expect(next.map((s) => s.localStart)).toEqual([
      '2025-03-25T09:00+01:00',
      '2025-03-31T08:00+02:00',
    ]);
    expect(nextFreeSlots([nightAndDay, later], now, 1)).toHaveLength(1);
  });

  it('opens the day view on today, or else on the first day with a free slot', () => {
    expect(firstDayToShow(nightAndDay, '2025-03-25')).toBe('2025-03-25');
    expect(firstDayToShow(nightAndDay, '2025-04-02')).toBe('2025-03-24');
  });
});
