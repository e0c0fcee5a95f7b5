import { z } from './zod.ts';
import type { BenchView } from './bench-view.schema.ts';
import type { CommandApplied } from './agent-link.schema.ts';
import { OutputValueSchema } from './agent-link.schema.ts';
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

/**
 * A marker the server sends each socket on connect and every minute. socket.io resumes a dropped
 * socket (connection-state recovery: same id, its streams, the pushes it missed) only from the
 * offset of a stored packet the page received, and only ack-less packets are stored: frames are
 * acked, and a quiet page may see no push for minutes. `at`: the server's clock, ms since the epoch.
 */
export const LinkCheckpointSchema = z.object({ at: z.number() });
export type LinkCheckpoint = z.infer<typeof LinkCheckpointSchema>;

export interface ClientToServerEvents {
  'bench:subscribe': (req: SubscribeRequest, ack: (res: Ack<BenchView>) => void) => void;
  'bench:unsubscribe': (req: SubscribeRequest, ack: (res: Ack<null>) => void) => void;
  command: (req: BrowserCommand, ack: (res: Ack<CommandApplied>) => void) => void;
}

/** Scheduling pushes (session start, warnings, end, queue position, batch status) are in SchedulingPushEvents. */
export interface ServerToClientEvents extends SchedulingPushEvents {
  'bench:state': (bench: BenchView) => void;
  'link:checkpoint': (checkpoint: LinkCheckpoint) => void;
  /**
   * The client acks each frame once it has taken it: the server fits each client's stream to its
   * link from these acks (ClientStream), so a client must ack even a frame it cannot use.
   * Expand with `decodeStreamFrame`.
   */
  frame: (frame: PackedStreamFrame, ack: () => void) => void;
}
