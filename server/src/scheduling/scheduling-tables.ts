import type { Kysely } from 'kysely';
import type { Database } from '../db/database.schema.ts';

/**
 * The scheduler's tables, as Kysely sees them (DDL in scheduling.migrations.ts; the two change
 * together). Same portability rules as the platform's: times are integer ms since the epoch,
 * booleans 0/1, JSON as text.
 */
export type SchedulingTables = {
  bookings: BookingsTable;
  queue_entries: QueueEntriesTable;
  batch_runs: BatchRunsTable;
  lab_schedules: LabSchedulesTable;
  owed_time: OwedTimeTable;
  scheduler_pool_locks: { pool: string };
};

/** The platform's database: `Database` includes these tables. */
export type SchedulingDb = Kysely<Database>;

/** `offered`: a walk-in bench held for the head of the queue until it accepts or the offer expires. */
export type BookingStatus = 'offered' | 'booked' | 'active' | 'ended' | 'cancelled';
/** The statuses that claim the bench: at most one such row per bench at any instant. */
export const CLAIMING: readonly BookingStatus[] = ['offered', 'booked', 'active'];

/** One claim on one bench for `[start_at, end_at)`: a booked slot, a walk-in session or a batch run. */
export interface BookingsTable {
  id: string;
  lab_id: string;
  user_id: string;
  /** The lab's pool when booked: the unit of locking. */
  pool: string;
  kind: 'slot' | 'walk-in' | 'batch' | 'practice';
  bench_id: string;
  start_at: number;
  end_at: number;
  status: BookingStatus;
  /** The recording session, from the start on. */
  session_id: string | null;
  /** Set while the owner is disconnected: the clock is paused from here (up to the grace window). */
  paused_at: number | null;
  credited_ms: number;
  /** Warnings sent: bit 1 = two minutes, bit 2 = thirty seconds. */
  warned: number;
  /** For offers: when the offer lapses. */
  expires_at: number | null;
  reason: string | null;
  created_at: number;
  updated_at: number;
}

export interface QueueEntriesTable {
  id: string;
  lab_id: string;
  user_id: string;
  joined_at: number;
  /** 1 when the student is owed time: served before the others. */
  priority: number;
  status: 'waiting' | 'offered' | 'served' | 'left' | 'expired';
  /** The offer (a booking row with status `offered`) while one is open. */
  booking_id: string | null;
  updated_at: number;
}

export interface BatchRunsTable {
  id: string;
  lab_id: string;
  user_id: string;
  sweep_json: string;
  /** The expanded values and hold time (PlannedSweep). */
  plan_json: string;
  status: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  bench_id: string | null;
  booking_id: string | null;
  session_id: string | null;
  submitted_at: number;
  started_at: number | null;
  finished_at: number | null;
  error: string | null;
}

/** A lab's scheduling settings beyond the booking policy the lab itself stores. */
export interface LabSchedulesTable {
  lab_id: string;
  min_session_ms: number;
  offer_ms: number;
  grace_ms: number;
  max_batch_ms: number;
  /** Test-only short slots (seconds); null = the lab's `slot_minutes`. */
  slot_ms_override: number | null;
}

/** Time a student is owed in a lab (credit that did not fit as an extension). */
export interface OwedTimeTable {
  user_id: string;
  lab_id: string;
  owed_ms: number;
  updated_at: number;
}
