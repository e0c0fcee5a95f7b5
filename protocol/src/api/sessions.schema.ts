import { z } from '../zod.ts';
import { BenchIdSchema, EmailSchema, IdSchema, TimestampSchema } from './text.schema.ts';

export const SessionStatusSchema = z.enum(['active', 'ended']);

export const RecordedChannelSchema = z.object({
  id: z.string(),
  label: z.string(),
  unit: z.string(),
});

export const SessionSchema = z.object({
  id: IdSchema,
  benchId: z.string(),
  labId: IdSchema.nullable(),
  ownerId: IdSchema,
  observerIds: z.array(IdSchema),
  status: SessionStatusSchema,
  startedAt: TimestampSchema,
  endedAt: TimestampSchema.nullable(),
  endReason: z.string().nullable(),
  channels: z.array(RecordedChannelSchema),
  recording: z.object({
    rows: z.number().int(),
    chunks: z.number().int(),
    bytes: z.number().int(),
  }),
});
export type Session = z.infer<typeof SessionSchema>;

/**
 * A maintenance session: a technician or an admin drives a bench in maintenance. Students and
 * instructors get sessions from the scheduler only (bookings, the walk-in queue, batch runs,
 * practice on a twin).
 */
export const StartSessionSchema = z.strictObject({ benchId: BenchIdSchema });
export const AddObserverSchema = z.strictObject({ email: EmailSchema });

export const SessionListQuerySchema = z.strictObject({
  benchId: BenchIdSchema.optional(),
  status: SessionStatusSchema.optional(),
  labId: IdSchema.optional(),
});
