import { z } from './zod.ts';
import { BenchDescriptorSchema, type BenchDescriptor } from './bench-descriptor.schema.ts';
import type { AgentBenchState, CommandApplied } from './agent-link.schema.ts';
import { AgentBenchStateSchema, OutputValueSchema } from './agent-link.schema.ts';
import type { Ack } from './errors.ts';
import type { SchedulingPushEvents } from './api/scheduling.schema.ts';
import type { PackedStreamFrame } from './stream-frame.codec.ts';

/** The default namespace: a browser <-> the server. */

export const SubscribeRequestSchema = z.object({ benchId: z.string().min(1).max(40) });
export type SubscribeRequest = z.infer<typeof SubscribeRequestSchema>;

export const BrowserCommandSchema = z.object({
  benchId: z.string().min(1).max(40),
  output: z.string().min(1).max(40),
  value: OutputValueSchema,
});
export type BrowserCommand = z.infer<typeof BrowserCommandSchema>;

/** A bench as listed by `GET /api/benches` and pushed on `bench:state`. */
export type BenchSummary = BenchDescriptor & {
  status: AgentBenchState['status'];
  sampleRateHz: number;
  outputValues: AgentBenchState['outputs'];
  detail?: string;
  /** Set while the agent keeps the bench out of service after a failed self-test. */
  quarantine?: AgentBenchState['quarantine'];
  /** When the session running on the bench started (no owner named: the list is public). */
  sessionSince?: number;
  /**
   * Set when the bench is unsafe, with why and since when: its agent could not bring it to its
   * safe state (technicians are alerted), or a reading left its safety envelope. Read by
   * `benchCondition`.
   */
  unsafe?: { reason: string; since: number };
  /** Last time the server heard of this bench (ms since epoch). */
  lastSeen: number;
};

/**
 * Parses a BenchSummary where the web receives one as a reply (the `bench:subscribe` ack); the
 * compiler checks it stays the type's shape until one BenchView schema replaces both (issue 15).
 */
export const BenchSummarySchema = BenchDescriptorSchema.extend({
  status: AgentBenchStateSchema.shape.status,
  sampleRateHz: z.number(),
  outputValues: AgentBenchStateSchema.shape.outputs,
  detail: z.string().optional(),
  quarantine: AgentBenchStateSchema.shape.quarantine,
  sessionSince: z.number().optional(),
  unsafe: z.object({ reason: z.string(), since: z.number() }).optional(),
  lastSeen: z.number(),
}) satisfies z.ZodType<BenchSummary>;

export interface ClientToServerEvents {
  'bench:subscribe': (req: SubscribeRequest, ack: (res: Ack<BenchSummary>) => void) => void;
  'bench:unsubscribe': (req: SubscribeRequest, ack: (res: Ack<null>) => void) => void;
  command: (req: BrowserCommand, ack: (res: Ack<CommandApplied>) => void) => void;
}

/** Scheduling pushes (session start, warnings, end, queue position, batch status) are in SchedulingPushEvents. */
export interface ServerToClientEvents extends SchedulingPushEvents {
  'bench:state': (bench: BenchSummary) => void;
  /**
   * The client acks each frame once it has taken it: the server fits each client's stream to its
   * link from these acks (ClientStream), so a client must ack even a frame it cannot use.
   * Expand with `decodeStreamFrame`.
   */
  frame: (frame: PackedStreamFrame, ack: () => void) => void;
}
