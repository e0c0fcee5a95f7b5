import { z } from './zod.ts';
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

/**
 * First event after connecting: the benches this agent drives. `runId` names this run of the
 * agent process (new at every start): a bench's frame `seq` counts from 0 per run, so the server
 * tells a restarted agent (new run, seq back to 0) from a reconnect that replays (same run).
 */
export const AgentHelloSchema = z.object({
  protocolVersion: z.number().int(),
  agentId: z.string().min(1).max(64),
  runId: z.string().min(1).max(64),
  benches: z.array(BenchDescriptorSchema).max(64),
});
export type AgentHello = z.infer<typeof AgentHelloSchema>;

export const BenchStatusSchema = z.enum(['online', 'offline']);
export type BenchStatus = z.infer<typeof BenchStatusSchema>;

export const OutputValueSchema = z.union([z.number(), z.boolean()]);
export type OutputValue = z.infer<typeof OutputValueSchema>;

/**
 * A bench the agent took out of service (its self-test failed). Commands are refused with
 * QUARANTINED until a technician clears it; it survives agent restarts.
 */
export const BenchQuarantineSchema = z.object({
  reason: z.string().min(1).max(500),
  /** ms since epoch. */
  since: z.number(),
});
export type BenchQuarantine = z.infer<typeof BenchQuarantineSchema>;

/** The session the agent is serving on a bench. */
export const AgentSessionSchema = z.object({
  sessionId: z.string().min(1).max(64),
  startedAt: z.number(),
  /** True while the bench holds its safe state for an absent owner (`bench:hold-safe`). */
  held: z.boolean().optional(),
});

/**
 * The agent could not bring the bench to its safe state (a write failed, the board was lost
 * meanwhile): its outputs may be live with no one in charge. Technicians are alerted; it clears
 * once a later drive of the safe state succeeds (the board reconnecting, the next session end).
 */
export const BenchUnsafeSchema = z.object({
  reason: z.string().min(1).max(500),
  /** ms since epoch. */
  since: z.number(),
});
export type BenchUnsafe = z.infer<typeof BenchUnsafeSchema>;

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
  /** Present while the bench is quarantined. */
  quarantine: BenchQuarantineSchema.optional(),
  /** Present while a session runs on the bench. */
  session: AgentSessionSchema.optional(),
  /** True while the self-test runs (commands are refused with CONFLICT meanwhile). */
  selfTestRunning: z.boolean().optional(),
  /** Present while the last attempt to reach the safe state failed. */
  unsafe: BenchUnsafeSchema.optional(),
});
export type AgentBenchState = z.infer<typeof AgentBenchStateSchema>;

/** A command forwarded to the agent. The agent checks it again against the bench definition. */
export const AgentCommandSchema = z.object({
  commandId: z.string().min(1).max(64),
  benchId: z.string().min(1).max(40),
  output: z.string().min(1).max(40),
  value: OutputValueSchema,
  /**
   * The session the command was allowed in. The agent applies it only while that session runs
   * and is not held for an absent owner (NOT_SESSION_OWNER otherwise): a command still in flight
   * when its session ends or its owner drops never reaches the board.
   */
  sessionId: z.string().min(1).max(64).optional(),
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

/**
 * A control the session's lab exposes. `min`/`max` may only narrow the bench's own range: the
 * agent applies both, so a wider range changes nothing.
 */
export const SessionControlSchema = z.object({
  output: z.string().min(1).max(40),
  min: z.number().optional(),
  max: z.number().optional(),
});
export type SessionControl = z.infer<typeof SessionControlSchema>;

/**
 * The server starts a session on a bench. With `controls`, only those outputs may be commanded
 * (others are NOT_EXPOSED) within their narrowed ranges; without, every output of the bench.
 * The agent ends the session itself after the bench's `safety.maxSessionMinutes`.
 */
export const SessionStartSchema = z.object({
  benchId: z.string().min(1).max(40),
  sessionId: z.string().min(1).max(64),
  controls: z.array(SessionControlSchema).max(64).optional(),
});
export type SessionStart = z.infer<typeof SessionStartSchema>;

/** The server ends a session: the agent drives the safe state, then runs the self-test. */
export const SessionEndSchema = z.object({
  benchId: z.string().min(1).max(40),
  sessionId: z.string().min(1).max(64),
});
export type SessionEnd = z.infer<typeof SessionEndSchema>;

/**
 * The server holds a session's bench in its safe state while the owner is away (`hold: true`)
 * and lets the owner command again when they are back (`hold: false`). The agent drives the
 * safe state itself, as at a session's end: not a command, so neither the command rate limit
 * nor the lab's narrowed ranges apply, and while held it refuses commands (NOT_SESSION_OWNER).
 * Acked with the bench's state once the safe state is on the board; SAFE_STATE_FAILED otherwise.
 */
export const HoldSafeSchema = z.object({
  benchId: z.string().min(1).max(40),
  sessionId: z.string().min(1).max(64),
  hold: z.boolean(),
});
export type HoldSafe = z.infer<typeof HoldSafeSchema>;

/**
 * The server stored the bench's frames up to `throughSeq` durably (their recording chunk is
 * committed; frames outside any recording count as stored once received). Sent in order on
 * one connection; the agent keeps every frame until this covers it, and replays the rest after
 * a reconnect, so a server that dies before committing loses nothing.
 */
export const FramesStoredSchema = z.object({
  benchId: z.string().min(1).max(40),
  throughSeq: z.number().int().nonnegative(),
});
export type FramesStored = z.infer<typeof FramesStoredSchema>;

/** The agent ended a session on its own. */
export const SessionEndedSchema = z.object({
  benchId: z.string().min(1).max(40),
  sessionId: z.string().min(1).max(64),
  reason: z.enum(['max-duration', 'server-link-lost']),
});
export type SessionEnded = z.infer<typeof SessionEndedSchema>;

/** Names one bench of the agent (self-test, clearing a quarantine). */
export const BenchRequestSchema = z.object({ benchId: z.string().min(1).max(40) });
export type BenchRequest = z.infer<typeof BenchRequestSchema>;

export const SelfTestCheckSchema = z.object({
  input: z.string(),
  expected: z.number(),
  tolerance: z.number(),
  /** Mean of the readings after the wait; null when no reading arrived. */
  measured: z.number().nullable(),
  passed: z.boolean(),
});

export const SelfTestStepResultSchema = z.object({
  name: z.string(),
  passed: z.boolean(),
  checks: z.array(SelfTestCheckSchema),
  /** Why the step could not run (an output refused, the board lost), when it could not. */
  error: z.string().optional(),
});

/** What a self-test found: every step with its measured and expected values. */
export const SelfTestResultSchema = z.object({
  benchId: z.string(),
  trigger: z.enum(['on-demand', 'session-end']),
  startedAt: z.number(),
  finishedAt: z.number(),
  passed: z.boolean(),
  steps: z.array(SelfTestStepResultSchema),
  /** Set when the bench defines no self-test (the result then passes with no steps). */
  detail: z.string().optional(),
});
export type SelfTestResult = z.infer<typeof SelfTestResultSchema>;

/**
 * The server's answer to a hello. `refused` lists the benches this agent may not drive now, each
 * with its reason: BENCH_NOT_ENROLLED (waiting for a technician's approval, or rejected) or
 * BENCH_OWNED_BY_OTHER_AGENT (enrolled to another agent). The other benches were accepted; the
 * agent streams only those and announces again later, so an approval takes effect without a restart.
 */
export const HelloAcceptedSchema = z.object({
  serverTime: z.number(),
  refused: z.array(
    z.object({
      benchId: z.string(),
      code: z.enum(['BENCH_NOT_ENROLLED', 'BENCH_OWNED_BY_OTHER_AGENT']),
      message: z.string(),
    }),
  ),
});
export type HelloAccepted = z.infer<typeof HelloAcceptedSchema>;

/**
 * The server acks every frame by `seq` on receipt (flow control: the agent's send window); that
 * it is stored comes later, as `frames:stored`.
 */
export interface FrameAccepted {
  seq: number;
}

export interface AgentToServerEvents {
  hello: (hello: AgentHello, ack: (res: Ack<HelloAccepted>) => void) => void;
  'bench:state': (state: AgentBenchState) => void;
  frame: (frame: SampleFrame, ack: (res: Ack<FrameAccepted>) => void) => void;
  'session:ended': (ended: SessionEnded) => void;
  /** Every self-test result, whatever started it (on demand results are also in the ack). */
  'self-test:result': (result: SelfTestResult) => void;
}

export interface ServerToAgentEvents {
  command: (command: AgentCommand, ack: (res: Ack<CommandApplied>) => void) => void;
  'session:start': (start: SessionStart, ack: (res: Ack<AgentBenchState>) => void) => void;
  /**
   * Acked once the safe state is applied (SAFE_STATE_FAILED when it could not be: the bench is
   * then `unsafe`); the self-test result follows as `self-test:result`.
   */
  'session:end': (end: SessionEnd, ack: (res: Ack<AgentBenchState>) => void) => void;
  'bench:hold-safe': (req: HoldSafe, ack: (res: Ack<AgentBenchState>) => void) => void;
  'frames:stored': (stored: FramesStored) => void;
  /** Acked with the result when the self-test has finished (allow the steps' total wait). */
  'bench:self-test': (req: BenchRequest, ack: (res: Ack<SelfTestResult>) => void) => void;
  'bench:clear-quarantine': (req: BenchRequest, ack: (res: Ack<AgentBenchState>) => void) => void;
}
