import { randomUUID } from 'node:crypto';
import { ProtocolError, type AgentBenchState, type OutputValue, type SessionControl } from '@remotelab/protocol';
import type { BenchRegistry } from '../benches/bench-registry.ts';
import type { AgentNamespace } from '../realtime/agent-namespace.ts';

/** What the scheduler asks of the agent driving a bench, in this process. */
export interface AgentLink {
  /** True when this process holds the connection of the agent that drives the bench. */
  drives(benchId: string): boolean;
  /** The agent's last report: its running session, self-test and quarantine. */
  state(benchId: string): Readonly<Omit<AgentBenchState, 'benchId'>> | undefined;
  startSession(benchId: string, sessionId: string, controls: SessionControl[] | undefined): Promise<void>;
  /** Acked once the safe state is applied; the agent then runs its self-test on its own. */
  endSession(benchId: string, sessionId: string): Promise<void>;
  command(benchId: string, output: string, value: OutputValue): Promise<void>;
}

/** AgentLink over the `/agent` namespace of this process (agent-link.schema.ts, issue 3's contract). */
export class SocketAgentLink implements AgentLink {
  constructor(
    private readonly registry: BenchRegistry,
    private readonly agents: AgentNamespace,
    private readonly timeoutMs: number,
  ) {}

  drives(benchId: string): boolean {
    return this.socketOf(benchId) !== undefined;
  }

  state(benchId: string) {
    return this.registry.agentState(benchId);
  }

  async startSession(benchId: string, sessionId: string, controls: SessionControl[] | undefined): Promise<void> {
    const reply = await this.emit(benchId, (s) => s.timeout(this.timeoutMs).emitWithAck('session:start', { benchId, sessionId, ...(controls ? { controls } : {}) }));
    if (reply.status === 'error') throw new ProtocolError(reply.error.code, reply.error.message);
  }

  async endSession(benchId: string, sessionId: string): Promise<void> {
    const reply = await this.emit(benchId, (s) => s.timeout(this.timeoutMs).emitWithAck('session:end', { benchId, sessionId }));
    if (reply.status === 'error') throw new ProtocolError(reply.error.code, reply.error.message);
  }

  async command(benchId: string, output: string, value: OutputValue): Promise<void> {
    const reply = await this.emit(benchId, (s) => s.timeout(this.timeoutMs).emitWithAck('command', { commandId: randomUUID(), benchId, output, value }));
    if (reply.status === 'error') throw new ProtocolError(reply.error.code, reply.error.message);
  }

  private socketOf(benchId: string) {
    return this.agents.sockets.get(this.registry.agentSocketOf(benchId) ?? '');
  }

  private async emit<T>(benchId: string, send: (socket: NonNullable<ReturnType<SocketAgentLink['socketOf']>>) => Promise<T>): Promise<T> {
    const socket = this.socketOf(benchId);
    if (!socket) throw new ProtocolError('BENCH_OFFLINE', `The agent of bench ${benchId} is not connected here.`);
    return send(socket).catch((error: unknown) => {
      if (error instanceof ProtocolError) throw error;
      throw new ProtocolError('TIMEOUT', `The agent of bench ${benchId} did not answer in time.`);
    });
  }
}
