import { io, type Socket } from 'socket.io-client';
import type { Logger } from 'pino';
import {
  AgentCommandSchema,
  PROTOCOL_VERSION,
  ProtocolError,
  describeBench,
  describeZodError,
  fail,
  ok,
  type AgentAuth,
  type AgentToServerEvents,
  type ServerToAgentEvents,
} from '@remotelab/protocol';
import type { BenchController } from './bench/bench-controller.ts';

export interface ServerLinkContext {
  serverUrl: string;
  token: string;
  agentId: string;
  benches: readonly BenchController[];
  logger: Logger;
}

/** After the server refused the token, ask again this often (the admin may fix it meanwhile). */
const REFUSED_RETRY_MS = 10_000;

/**
 * The agent's link to the server's `/agent` namespace: announces the benches, forwards their
 * frames and state changes, and applies the commands the server relays (after the agent's own
 * guard). While the link is down, frames are not queued in socket.io's unbounded send buffer.
 */
export class ServerLink {
  private readonly socket: Socket<ServerToAgentEvents, AgentToServerEvents>;
  private refusedTimer: NodeJS.Timeout | undefined;

  constructor(private readonly ctx: ServerLinkContext) {
    const auth: AgentAuth = {
      token: ctx.token,
      agentId: ctx.agentId,
      protocolVersion: PROTOCOL_VERSION,
    };
    this.socket = io(new URL('/agent', ctx.serverUrl).href, {
      auth,
      autoConnect: false,
      transports: ['websocket'],
      reconnectionDelay: 250,
      reconnectionDelayMax: 2000,
    });
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  start(): void {
    const { socket, ctx } = this;
    socket.on('connect', () => void this.announce());
    socket.on('disconnect', (reason) => ctx.logger.warn({ reason }, 'server link lost'));
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
    socket.on('command', async (raw, ack) => {
      if (typeof ack !== 'function') return;
      const parsed = AgentCommandSchema.safeParse(raw);
      if (!parsed.success) return ack(fail('BAD_REQUEST', describeZodError(parsed.error)));
      const command = parsed.data;
      const bench = ctx.benches.find((candidate) => candidate.id === command.benchId);
      if (!bench) return ack(fail('UNKNOWN_BENCH', `This agent has no bench ${command.benchId}.`));
      try {
        ack(ok(await bench.applyCommand(command.output, command.value)));
      } catch (error) {
        if (error instanceof ProtocolError) return ack(fail(error.code, error.message));
        ctx.logger.error({ err: error, benchId: command.benchId }, 'command failed');
        ack(fail('INTERNAL', 'The agent could not apply the command.'));
      }
    });
    for (const bench of ctx.benches) {
      bench.on('frame', (frame) => {
        if (!socket.connected) return;
        socket.emit('frame', frame, (res) => {
          if (res.status === 'error') {
            ctx.logger.warn({ seq: frame.seq, error: res.error }, 'server refused a frame');
          }
        });
      });
      bench.on('state', (state) => {
        if (socket.connected) socket.emit('bench:state', state);
      });
    }
    socket.connect();
  }

  stop(): void {
    clearTimeout(this.refusedTimer);
    this.socket.disconnect();
  }

  private async announce(): Promise<void> {
    const { socket, ctx } = this;
    const benches = ctx.benches.map((bench) => describeBench(bench.definition));
    const reply = await socket
      .timeout(5000)
      .emitWithAck('hello', { protocolVersion: PROTOCOL_VERSION, agentId: ctx.agentId, benches })
      .catch(() => undefined);
    if (!reply || reply.status !== 'ok') {
      const why = reply?.status === 'error' ? reply.error.message : 'no answer';
      ctx.logger.error({ why }, 'server did not accept the hello; reconnecting');
      socket.disconnect();
      setTimeout(() => socket.connect(), REFUSED_RETRY_MS);
      return;
    }
    ctx.logger.info({ benches: benches.map((b) => b.id) }, 'connected to the server');
    for (const bench of ctx.benches) socket.emit('bench:state', bench.state());
  }
}
