import type { AgentBenchState, OutputValue, SessionControl } from '@remotelab/protocol';
import { randomUUID } from 'node:crypto';
import type { BenchRegistry } from '../benches/bench-registry.ts';
import type { AgentRequester } from '../realtime/agent-requester.ts';

/** What the scheduler asks of the agent driving a bench, in this process. */
export interface AgentLink {
  /** True when this process holds the connection of the agent that drives the bench. */
  drives(benchId: string): boolean;
  /** The agent's last report: its running session, self-test and quarantine. */
  state(benchId: string): Readonly<Omit<AgentBenchState, 'benchId'>> | undefined;
  startSession(
    benchId: string,
    sessionId: string,
    controls: SessionControl[] | undefined,
  ): Promise<void>;
  /** Acked once the safe state is applied; the agent then runs its self-test on its own. */
  endSession(benchId: string, sessionId: string): Promise<void>;
  command(benchId: string, output: string, value: OutputValue): Promise<void>;
}

/** AgentLink over the platform's AgentRequester (the `/agent` namespace of this process). */
export class RequesterAgentLink implements AgentLink {
  constructor(
    private readonly registry: BenchRegistry,
    private readonly requests: AgentRequester,
    private readonly timeoutMs: number,
  ) {}

  drives(benchId: string): boolean {
    return this.registry.agentSocketOf(benchId) !== undefined;
  }

  state(benchId: string) {
    return this.registry.agentState(benchId);
  }

  async startSession(
    benchId: string,
    sessionId: string,
    controls: SessionControl[] | undefined,
  ): Promise<void> {
    await this.requests.request(
      'session:start',
      { benchId, sessionId, ...(controls ? { controls } : {}) },
      this.timeoutMs,
    );
  }

  async endSession(benchId: string, sessionId: string): Promise<void> {
    await this.requests.request('session:end', { benchId, sessionId }, this.timeoutMs);
  }

  async command(benchId: string, output: string, value: OutputValue): Promise<void> {
    await this.requests.request(
      'command',
      { commandId: randomUUID(), benchId, output, value },
      this.timeoutMs,
    );
  }
}
