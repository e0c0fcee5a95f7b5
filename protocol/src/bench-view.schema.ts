import { z } from './zod.ts';
import { BenchDescriptorSchema } from './bench-descriptor.schema.ts';
import { BenchStatusSchema, BenchUnsafeSchema, OutputValueSchema } from './agent-link.schema.ts';
import { IdSchema, TimestampSchema } from './api/text.schema.ts';

/** Why a technician took a bench out of service, and since when. */
export const BenchFlagSchema = z.object({
  reason: z.string(),
  since: TimestampSchema,
  /** The technician who set it; null when the agent quarantined the bench after a failed self-test. */
  byUserId: IdSchema.nullable(),
  source: z.enum(['technician', 'self-test']),
});
export type BenchFlag = z.infer<typeof BenchFlagSchema>;

/**
 * A bench as every browser sees it, in full, whichever way it arrives: listed by
 * `GET /api/benches` (and answered by the bench routes), pushed on `bench:state` and answered to
 * `bench:subscribe`. The server builds it in one place (server/src/benches/bench-view.ts), so a
 * push replaces what the list said instead of being merged into it. It joins what the agent
 * reports live (status, outputs, its session, an unsafe marker) with the catalog's record of the
 * bench (its technicians' flags). A bench known from an earlier run whose agent has not
 * reconnected is shown offline. No owner is named: the list is public.
 */
export const BenchViewSchema = BenchDescriptorSchema.extend({
  status: BenchStatusSchema,
  sampleRateHz: z.number(),
  outputValues: z.record(z.string(), OutputValueSchema),
  /** Why the bench is offline, for technicians ("serial port closed", ...). */
  detail: z.string().optional(),
  /** Last time the server heard of this bench (ms since epoch). */
  lastSeen: TimestampSchema,
  /**
   * Out of service until a technician clears it: set by a technician, or by the bench's agent
   * after a failed self-test (`source: 'self-test'`, no user). A technician's wins: it says who.
   */
  quarantine: BenchFlagSchema.nullable(),
  /** A technician is working on the bench. */
  maintenance: BenchFlagSchema.nullable(),
  /** When the session running on the bench started; absent when none runs. */
  sessionSince: z.number().optional(),
  /**
   * Present while the bench is unsafe: its agent could not bring it to its safe state
   * (technicians are alerted). Read by `benchCondition`.
   */
  unsafe: BenchUnsafeSchema.optional(),
});
export type BenchView = z.infer<typeof BenchViewSchema>;
