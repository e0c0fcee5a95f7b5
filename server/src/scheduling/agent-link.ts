import type { AgentBenchState, OutputValue, SessionControl } from '@remotelab/protocol';

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
  /**
   * Holds the session's bench in its safe state (owner away) or releases it; rejects with
   * SAFE_STATE_FAILED when the agent could not reach the safe state (the bench is then unsafe).
   */
  holdSafe(benchId: string, sessionId: string, hold: boolean): Promise<void>;
  command(benchId: string, output: string, value: OutputValue): Promise<void>;
}
