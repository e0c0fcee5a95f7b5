import { z } from 'zod';
import { BenchDescriptorSchema } from './bench-descriptor.schema.ts';
import type { Ack } from './errors.ts';
import type { SampleFrame } from './sample-frame.schema.ts';

/** The `/agent` namespace: one lab-agent <-> the server. */

/** Sent in the socket.io handshake (`auth`). A wrong token is refused before any event. */
export const AgentAuthSchema = z.object({
  token: z.string().min(1).max(512),
  agentId: z.string().min(1).max(64),
  protocolVersion: z.number().int(),
});
export type AgentAuth = z.infer<typeof AgentAuthSchema>;

/** First event after connecting: the benches this agent drives. */
export const AgentHelloSchema = z.object({
  protocolVersion: z.number().int(),
  agentId: z.string().min(1).max(64),
  benches: z.array(BenchDescriptorSchema).max(64),
});
export type AgentHello = z.infer<typeof AgentHelloSchema>;

export const BenchStatusSchema = z.enum(['online', 'offline']);
export type BenchStatus = z.infer<typeof BenchStatusSchema>;

export const OutputValueSchema = z.union([z.number(), z.boolean()]);
export type OutputValue = z.infer<typeof OutputValueSchema>;

/** The agent's view of one bench, sent on every change (not periodically). */
export const AgentBenchStateSchema = z.object({
  benchId: z.string().min(1).max(40),
  status: BenchStatusSchema,
  /** Rows per second actually measured over the last second (0 when offline). */
  sampleRateHz: z.number().nonnegative(),
  /** Current value of every output, as applied to the board. */
  outputs: z.record(z.string(), OutputValueSchema),
  /** Why the bench is offline, for technicians ("serial port closed", ...). */
  detail: z.string().max(500).optional(),
});
export type AgentBenchState = z.infer<typeof AgentBenchStateSchema>;

/** A command forwarded to the agent. The agent checks it again against the bench definition. */
export const AgentCommandSchema = z.object({
  commandId: z.string().min(1).max(64),
  benchId: z.string().min(1).max(40),
  output: z.string().min(1).max(40),
  value: OutputValueSchema,
});
export type AgentCommand = z.infer<typeof AgentCommandSchema>;

export const CommandAppliedSchema = z.object({
  benchId: z.string(),
  output: z.string(),
  value: OutputValueSchema,
  /** When the agent wrote it to the serial port (ms since epoch). */
  appliedAt: z.number(),
});
export type CommandApplied = z.infer<typeof CommandAppliedSchema>;

export interface HelloAccepted {
  serverTime: number;
}

/** The server acks every frame by `seq`, so the agent knows what reached the recording. */
export interface FrameAccepted {
  seq: number;
}

export interface AgentToServerEvents {
  hello: (hello: AgentHello, ack: (res: Ack<HelloAccepted>) => void) => void;
  'bench:state': (state: AgentBenchState) => void;
  frame: (frame: SampleFrame, ack: (res: Ack<FrameAccepted>) => void) => void;
}

export interface ServerToAgentEvents {
  command: (command: AgentCommand, ack: (res: Ack<CommandApplied>) => void) => void;
}
