import { ProtocolError, type LabControl, type LabScheduleSettings } from '@remotelab/protocol';
import { MINUTE_MS, type LabSchedule } from './scheduling-types.ts';
import type { SchedulingDb } from './scheduling-tables.ts';

/** A lab as the scheduler needs it: its pool, its policy in ms, what it exposes. */
export interface ScheduledLab {
  id: string;
  courseId: string;
  /** The course's zone: quota weeks run Monday to Monday there. */
  timeZone: string;
  title: string;
  pool: string;
  schedule: LabSchedule;
  controls: LabControl[];
  inputs: string[];
  maxBatchMs: number;
}

/** Defaults of the settings a lab has not set in lab_schedules. */
const SCHEDULE_DEFAULTS = {
  minSessionMs: 15 * MINUTE_MS,
  offerMs: 60_000,
  graceMs: 2 * MINUTE_MS,
  maxBatchMs: 5 * MINUTE_MS,
} as const;

/** Loads a lab's scheduling view; NOT_FOUND when there is no such lab. Visibility is the caller's job. */
export async function loadScheduledLab(db: SchedulingDb, labId: string): Promise<ScheduledLab> {
  const row = await db
    .selectFrom('labs')
    .leftJoin('lab_schedules', 'lab_schedules.lab_id', 'labs.id')
    .innerJoin('courses', 'courses.id', 'labs.course_id')
    .select([
      'labs.id',
      'labs.course_id',
      'courses.time_zone',
      'labs.title',
      'labs.pool',
      'labs.slot_minutes',
      'labs.quota_per_week',
      'labs.horizon_days',
      'labs.cancel_deadline_minutes',
      'labs.controls_json',
      'labs.inputs_json',
      'lab_schedules.min_session_ms',
      'lab_schedules.offer_ms',
      'lab_schedules.grace_ms',
      'lab_schedules.max_batch_ms',
      'lab_schedules.slot_ms_override',
    ])
    .where('labs.id', '=', labId)
    .executeTakeFirst();
  if (!row) throw new ProtocolError('NOT_FOUND', 'There is no such lab, or it is not open to you.');
  const slotMs = row.slot_ms_override ?? row.slot_minutes * MINUTE_MS;
  return {
    id: row.id,
    courseId: row.course_id,
    timeZone: row.time_zone,
    title: row.title,
    pool: row.pool,
    schedule: {
      slotMs,
      quotaPerWeek: row.quota_per_week,
      horizonMs: row.horizon_days * 24 * 60 * MINUTE_MS,
      cancelDeadlineMs: row.cancel_deadline_minutes * MINUTE_MS,
      // A minimum longer than the slot could never be met.
      minSessionMs: Math.min(row.min_session_ms ?? SCHEDULE_DEFAULTS.minSessionMs, slotMs),
      offerMs: row.offer_ms ?? SCHEDULE_DEFAULTS.offerMs,
      graceMs: row.grace_ms ?? SCHEDULE_DEFAULTS.graceMs,
    },
    controls: JSON.parse(row.controls_json) as LabControl[],
    inputs: JSON.parse(row.inputs_json) as string[],
    maxBatchMs: row.max_batch_ms ?? SCHEDULE_DEFAULTS.maxBatchMs,
  };
}

/** The settings as people set them (minutes and seconds), defaults filled in. */
export async function scheduleSettingsOf(
  db: SchedulingDb,
  labId: string,
): Promise<LabScheduleSettings> {
  const lab = await loadScheduledLab(db, labId);
  const row = await db
    .selectFrom('lab_schedules')
    .select('min_session_ms')
    .where('lab_id', '=', labId)
    .executeTakeFirst();
  return {
    minSessionMinutes: Math.round(
      (row?.min_session_ms ?? SCHEDULE_DEFAULTS.minSessionMs) / MINUTE_MS,
    ),
    offerSeconds: Math.round(lab.schedule.offerMs / 1000),
    graceSeconds: Math.round(lab.schedule.graceMs / 1000),
    maxBatchSeconds: Math.round(lab.maxBatchMs / 1000),
  };
}

/** Replaces the settings; the test-only slot override, if any, is kept. */
export async function setScheduleSettings(
  db: SchedulingDb,
  labId: string,
  settings: LabScheduleSettings,
): Promise<void> {
  const values = {
    min_session_ms: settings.minSessionMinutes * MINUTE_MS,
    offer_ms: settings.offerSeconds * 1000,
    grace_ms: settings.graceSeconds * 1000,
    max_batch_ms: settings.maxBatchSeconds * 1000,
  };
  await db
    .insertInto('lab_schedules')
    .values({ lab_id: labId, ...values, slot_ms_override: null })
    .onConflict((oc) => oc.column('lab_id').doUpdateSet(values))
    .execute();
}
