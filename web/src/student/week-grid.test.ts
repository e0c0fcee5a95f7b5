import { describe, expect, it } from 'vitest';
import type { WeekSlots } from '@remotelab/protocol';
import { weekDays, weekGrid } from './week-grid.ts';

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
