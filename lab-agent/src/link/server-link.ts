import { io, type Socket } from 'socket.io-client';
import type { Logger } from 'pino';
import {
  FramesStoredSchema,
  HelloAcceptedSchema,
  AGENT_PROTOCOL_VERSION,
  describeBench,
  type Ack,
  type AgentAuth,
  type AgentToServerEvents,
  type ServerToAgentEvents,
} from '@remotelab/protocol';
import type { BenchController } from '../bench/bench-controller.ts';
import { agentRequestHandlers } from './agent-request-handlers.ts';
import { FrameOutbox } from './frame-outbox.ts';

export interface ServerLinkContext {
  serverUrl: string;
  token: string;
  agentId: string;
  /** Names this run of the agent: frames' `seq` restart from 0 with every run. */
  runId: string;
  benches: readonly BenchController[];
  /** Bench ids served by virtual boards. */
  twinBenches: readonly string[];
  logger: Logger;
  /**
   * Seconds of frames kept per bench while the server has not stored them (never less than
   * MIN_REPLAY_S, the longest outage the agent promises to survive without loss).
   */
  replayBufferS: number;
  /** Drive the safe state once the link has been down this long. */
  linkLossSafeMs: number;
  /** While the server refuses some benches (not enrolled yet), announce again this often. */
  reannounceMs?: number;
}

/** After the server refused the token, ask again this often (the admin may fix it meanwhile). */
const REFUSED_RETRY_MS = 10_000;
/** Frames in flight per bench: enough to fill a slow link, few enough not to flood it. */
const SEND_WINDOW = 32;
/**
 * The smallest replay window, in seconds of frames: a 10 s server outage, plus the recording
 * chunk the server had not committed when it died (2 s), plus the reconnect backoff (2 s) and a
 * restart's start-up. Counted in frames (one per `frameMs` whatever the sampling rate), so it
 * holds at the highest stream rate too; only the memory per frame grows with the rate.
 */
const MIN_REPLAY_S = 20;

type AgentSocket = Socket<ServerToAgentEvents, AgentToServerEvents>;

/**
 * The agent's link to the server's `/agent` namespace: announces the benches, streams their
 * frames through a bounded replay buffer (a frame leaves the buffer when the server acks its
 * seq; after a reconnect the unacked ones are sent again, in order), forwards state changes,
 * self-test results and sessions the agent ended, and serves the server's requests. When the
 * link stays down longer than `linkLossSafeMs`, every bench is driven to its safe state.
 */
export class ServerLink {
  private readonly socket: AgentSocket;
  private readonly outboxes = new Map<string, FrameOutbox>();
  /** Messages for the server produced while the link was down, sent after the next hello. */
  private readonly pending: Array<(socket: AgentSocket) => void> = [];
  private announced = false;
  /**
   * Benches the server refused at the last hello (not enrolled to this agent): their frames stay
   * in their replay buffer, unsent, until an announcement is accepted for them.
   */
  private refused = new Set<string>();
  private reannounceTimer: NodeJS.Timeout | undefined;
  /** Counts connections: an ack from an earlier one is ignored (its frames are replayed). */
  private connection = 0;
  private refusedTimer: NodeJS.Timeout | undefined;
  private lossTimer: NodeJS.Timeout | undefined;

  constructor(private readonly ctx: ServerLinkContext) {
    const auth: AgentAuth = {
      token: ctx.token,
      agentId: ctx.agentId,
      protocolVersion: AGENT_PROTOCOL_VERSION,
    };
    this.socket = io(new URL('/agent', ctx.serverUrl).href, {
      auth,
      autoConnect: false,
      transports: ['websocket'],
      reconnectionDelay: 250,
      reconnectionDelayMax: 2000,
    });
    for (const bench of ctx.benches) {
      const seconds = Math.max(ctx.replayBufferS, MIN_REPLAY_S);
      const frames = Math.ceil((seconds * 1000) / bench.definition.sampling.frameMs);
      this.outboxes.set(bench.id, new FrameOutbox(Math.max(1, frames)));
    }
  }

  get connected(): boolean {
    return this.socket.connected && this.announced;
  }

  /** Unacknowledged frames per bench (for tests and diagnostics). */
  backlog(benchId: string): { length: number; dropped: number } | undefined {
    const box = this.outboxes.get(benchId);
    return box && { length: box.length, dropped: box.dropped };
  }

  start(): void {
    const { socket, ctx } = this;
    socket.on('connect', () => {
      clearTimeout(this.lossTimer);
      void this.announce();
    });
    socket.on('disconnect', (reason) => {
      this.announced = false;
      clearTimeout(this.reannounceTimer);
      this.connection += 1;
      for (const box of this.outboxes.values()) box.rewind();
      ctx.logger.warn({ reason }, 'server link lost');
      this.armLossTimer();
    });
    socket.on('connect_error', (error) => {
      const data = (error as Error & { data?: { code?: string; message?: string } }).data;
      if (data?.code) {
        ctx.logger.error({ code: data.code }, `server refused the agent: ${data.message ?? ''}`);
        if (!socket.active) {
          this.refusedTimer = setTimeout(() => socket.connect(), REFUSED_RETRY_MS);
        }
      } else {
        ctx.logger.debug({ err: error.message }, 'server unreachable, retrying');
      }
    });
    // Stored for good: whichever connection it came from, these frames need no replay.
    socket.on('frames:stored', (raw) => {
      const stored = FramesStoredSchema.safeParse(raw);
      if (!stored.success) {
        ctx.logger.warn('ignored a malformed frames:stored');
        return;
      }
      this.outboxes.get(stored.data.benchId)?.stored(stored.data.throughSeq);
    });
    const handlers = agentRequestHandlers(ctx.benches, ctx.logger);
    for (const [event, handler] of Object.entries(handlers)) {
      // socket.io's typed `on` cannot be expressed over a map of events; the cast stays here.
      (socket.on as (event: string, listener: (raw: unknown, ack: unknown) => void) => void)(
        event,
        (raw, ack) => {
          if (typeof ack === 'function') handler(raw, ack as (res: Ack<unknown>) => void);
        },
      );
    }
    for (const bench of ctx.benches) {
      bench.on('frame', (frame) => {
        const box = this.outboxes.get(bench.id)!;
        if (!box.push(frame) && box.dropped === 1) {
          ctx.logger.warn({ benchId: bench.id }, 'replay buffer full: dropping the oldest frames');
        }
        this.pump(bench.id);
      });
      bench.on('state', (state) => {
        if (this.connected && !this.refused.has(bench.id)) socket.emit('bench:state', state);
      });
      bench.on('self-test', (result) => this.sendOrKeep((s) => s.emit('self-test:result', result)));
      bench.on('session-ended', (ended) => this.sendOrKeep((s) => s.emit('session:ended', ended)));
    }
    this.armLossTimer();
    socket.connect();
  }

  stop(): void {
    clearTimeout(this.refusedTimer);
    clearTimeout(this.reannounceTimer);
    clearTimeout(this.lossTimer);
    this.socket.disconnect();
  }

  private armLossTimer(): void {
    clearTimeout(this.lossTimer);
    this.lossTimer = setTimeout(() => {
      this.ctx.logger.warn(
        { downForMs: this.ctx.linkLossSafeMs },
        'server link down too long: driving the safe state',
      );
      for (const bench of this.ctx.benches) void bench.onServerLinkLost();
    }, this.ctx.linkLossSafeMs);
  }

  private sendOrKeep(send: (socket: AgentSocket) => void): void {
    if (this.connected) send(this.socket);
    else this.pending.push(send);
  }

  /**
   * Sends what the window allows; each receipt frees the window and sends the next ones (the
   * frames stay until `frames:stored` covers them). A frame the server finds malformed is not
   * sent again (sending it again cannot help); any other refusal means
   * the server lost track of this agent (restarted registry, bench claimed meanwhile), so the
   * link is re-established: hello again, then replay from the oldest unacked frame.
   */
  private pump(benchId: string): void {
    if (!this.connected || this.refused.has(benchId)) return;
    const box = this.outboxes.get(benchId)!;
    const connection = this.connection;
    for (const frame of box.take(SEND_WINDOW)) {
      this.socket.emit('frame', frame, (res) => {
        if (connection !== this.connection) return;
        if (res.status === 'error') {
          const { logger } = this.ctx;
          logger.warn({ benchId, seq: frame.seq, error: res.error }, 'server refused a frame');
          if (res.error.code !== 'BAD_REQUEST') {
            this.socket.disconnect().connect();
            return;
          }
        }
        // A malformed frame leaves the ring with the next stored ack (cumulative over seqs).
        box.received(frame.seq);
        this.pump(benchId);
      });
    }
  }

  private async announce(): Promise<void> {
    const { socket, ctx } = this;
    const benches = ctx.benches.map((bench) =>
      describeBench(bench.definition, { twin: ctx.twinBenches.includes(bench.id) }),
    );
    const connection = this.connection;
    const reply = await socket
      .timeout(5000)
      .emitWithAck('hello', {
        protocolVersion: AGENT_PROTOCOL_VERSION,
        agentId: ctx.agentId,
        runId: ctx.runId,
        benches,
      })
      .catch(() => undefined);
    // The link dropped meanwhile: the next connection announces again.
    if (connection !== this.connection) return;
    const accepted = reply?.status === 'ok' ? HelloAcceptedSchema.safeParse(reply.data) : undefined;
    if (!accepted?.success) {
      const why = reply?.status === 'error' ? reply.error.message : 'no valid answer';
      ctx.logger.error({ why }, 'server did not accept the hello; reconnecting');
      socket.disconnect();
      setTimeout(() => socket.connect(), REFUSED_RETRY_MS);
      return;
    }
    const wasAnnounced = this.announced;
    const before = this.refused;
    this.refused = new Set(accepted.data.refused.map((r) => r.benchId));
    for (const refusal of accepted.data.refused) {
      if (!before.has(refusal.benchId) || !wasAnnounced) {
        ctx.logger.error(
          { benchId: refusal.benchId, code: refusal.code },
          `server refused the bench: ${refusal.message}`,
        );
      }
    }
    this.announced = true;
    clearTimeout(this.reannounceTimer);
    if (this.refused.size > 0) {
      // An approval or a move takes effect at the next announcement, without a restart.
      this.reannounceTimer = setTimeout(
        () => void this.announce(),
        ctx.reannounceMs ?? REFUSED_RETRY_MS,
      );
    }
    const admitted = ctx.benches.filter(
      (bench) => !this.refused.has(bench.id) && (!wasAnnounced || before.has(bench.id)),
    );
    if (!wasAnnounced) {
      ctx.logger.info(
        { benches: benches.map((b) => b.id).filter((id) => !this.refused.has(id)) },
        'connected to the server',
      );
      for (const send of this.pending.splice(0)) send(socket);
    }
    for (const bench of admitted) {
      if (wasAnnounced) ctx.logger.info({ benchId: bench.id }, 'server accepted the bench');
      socket.emit('bench:state', bench.state());
      this.pump(bench.id);
    }
  }
}
