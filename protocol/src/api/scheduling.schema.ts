import { z } from '../zod.ts';
import { IdSchema, TimestampSchema } from './text.schema.ts';

/** Scheduling on the REST API and the pushes that follow it: slots, bookings, the walk-in queue, batch runs. */

const channelId = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'a channel id of the bench');

/** `GET /labs/:labId/slots?week=YYYY-MM-DD`: the week that starts on that Monday, in the caller's zone. */
export const SlotsQuerySchema = z.strictObject({
  week: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
    .optional(),
  /** Overrides the time zone of the caller's profile (an IANA name such as Africa/Algiers). */
  tz: z.string().min(1).max(64).optional(),
});

export const SlotStateSchema = z.enum(['free', 'full', 'mine', 'closed']);

export const SlotViewSchema = z.object({
  /** The slot's id: its start, ms since the epoch (UTC). */
  start: TimestampSchema,
  end: TimestampSchema,
  /** Wall-clock start and end in the caller's zone, with the offset: `2025-03-30T03:00+02:00`. */
  localStart: z.string(),
  localEnd: z.string(),
  capacity: z.number().int(),
  free: z.number().int(),
  state: SlotStateSchema,
});

export const WeekSlotsSchema = z.object({
  labId: IdSchema,
  timeZone: z.string(),
  week: z.string(),
  slotMinutes: z.number(),
  quota: z.object({ perWeek: z.number().int(), used: z.number().int(), left: z.number().int() }),
  slots: z.array(SlotViewSchema),
});
export type WeekSlots = z.infer<typeof WeekSlotsSchema>;

export const BookRequestSchema = z.strictObject({ slotStart: TimestampSchema });

export const BookingStatusSchema = z.enum(['booked', 'active', 'ended', 'cancelled']);
/** `practice`: a session on the pool's twin (a virtual board), not counted against the quota. */
export const BookingKindSchema = z.enum(['slot', 'walk-in', 'batch', 'practice']);

export const BookingSchema = z.object({
  id: IdSchema,
  labId: IdSchema,
  kind: BookingKindSchema,
  benchId: z.string(),
  start: TimestampSchema,
  end: TimestampSchema,
  localStart: z.string(),
  localEnd: z.string(),
  status: BookingStatusSchema,
  /** The recording session, once the booking has started. */
  sessionId: IdSchema.nullable(),
  /** Why it was cancelled or ended: `cancelled-by-user`, `bench-withdrawn`, `ended`, ... */
  reason: z.string().nullable(),
});
export type Booking = z.infer<typeof BookingSchema>;

export const QueueStatusSchema = z.object({
  labId: IdSchema,
  /** 1 for the head of the queue, 0 while a bench is on offer to the caller, null when not queued. */
  position: z.number().int().nullable(),
  waiting: z.number().int(),
  /** Estimated wait in ms (assumes everyone ahead uses their full session); null when unknown. */
  etaMs: z.number().nullable(),
  /** A bench offered to the caller: accept before `expiresAt` or it goes to the next student. */
  offer: z
    .object({
      benchId: z.string(),
      start: TimestampSchema,
      end: TimestampSchema,
      expiresAt: TimestampSchema,
    })
    .nullable(),
});
export type QueueStatus = z.infer<typeof QueueStatusSchema>;

/** A parameter sweep: `output` from `from` to `to` by `step`, holding each value `dwellMs`, recording `record`. */
export const BatchSweepSchema = z.strictObject({
  output: channelId,
  from: z.number(),
  to: z.number(),
  step: z.number().positive(),
  dwellMs: z.number().int().min(50).max(10_000),
  record: z.array(channelId).min(1).max(8),
});
export type BatchSweep = z.infer<typeof BatchSweepSchema>;

export const BatchStatusSchema = z.enum(['queued', 'running', 'done', 'failed', 'cancelled']);

export const BatchRunSchema = z.object({
  id: IdSchema,
  labId: IdSchema,
  sweep: BatchSweepSchema,
  status: BatchStatusSchema,
  benchId: z.string().nullable(),
  submittedAt: TimestampSchema,
  startedAt: TimestampSchema.nullable(),
  finishedAt: TimestampSchema.nullable(),
  /** The recording of the run (download it from the sessions API). */
  sessionId: IdSchema.nullable(),
  error: z.string().nullable(),
});
export type BatchRun = z.infer<typeof BatchRunSchema>;

/** Socket.io pushes to the people concerned (the owner, and observers for session events). */
export interface SchedulingPushEvents {
  'session:started': (e: {
    bookingId: string;
    sessionId: string;
    benchId: string;
    endsAt: number;
    role: 'owner' | 'observer';
  }) => void;
  'session:warning': (e: {
    bookingId: string;
    benchId: string;
    endsAt: number;
    remainingMs: number;
  }) => void;
  'session:paused': (e: { bookingId: string; benchId: string; graceEndsAt: number }) => void;
  'session:extended': (e: {
    bookingId: string;
    benchId: string;
    endsAt: number;
    creditedMs: number;
  }) => void;
  'session:ended': (e: { bookingId: string; benchId: string; reason: string }) => void;
  'booking:changed': (e: Booking) => void;
  'queue:status': (e: QueueStatus) => void;
  'batch:status': (e: BatchRun) => void;
}

/** A lab's walk-in, time-credit and batch settings (the booking policy itself lives on the lab). */
export const LabScheduleSettingsSchema = z.strictObject({
  /** The shortest walk-in session worth giving; gaps shorter than this stay empty. */
  minSessionMinutes: z.number().int().min(1).max(480),
  /** How long the head of the queue has to accept a free bench. */
  offerSeconds: z.number().int().min(15).max(600),
  /** How long a dropped owner's clock stays paused (and is credited back). */
  graceSeconds: z.number().int().min(0).max(1_800),
  /** The longest a batch run may hold a bench. */
  maxBatchSeconds: z.number().int().min(10).max(1_800),
});
export type LabScheduleSettings = z.infer<typeof LabScheduleSettingsSchema>;
