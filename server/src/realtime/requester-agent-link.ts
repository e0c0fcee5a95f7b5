import { randomUUID } from 'node:crypto';
import type { OutputValue, SessionControl } from '@remotelab/protocol';
import type { BenchRegistry } from '../benches/bench-registry.ts';
import type { AgentLink } from '../scheduling/agent-link.ts';
import type { AgentRequester } from './agent-requester.ts';

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

  async holdSafe(benchId: string, sessionId: string, hold: boolean): Promise<void> {
    await this.requests.request('bench:hold-safe', { benchId, sessionId, hold }, this.timeoutMs);
  }

  async command(benchId: string, output: string, value: OutputValue): Promise<void> {
    await this.requests.request(
      'command',
      { commandId: randomUUID(), benchId, output, value },
      this.timeoutMs,
    );
  }
}
