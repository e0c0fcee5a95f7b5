import { ProtocolError, type SessionStart } from '@remotelab/protocol';

export interface RunningSession {
  sessionId: string;
  startedAt: number;
  /** Held in the safe state while the owner is away: commands are refused. */
  held?: boolean;
}

/**
 * The session a bench serves, and the agent's own limit on its length: past
 * `maxSessionMinutes` the session is ended by the agent, whatever the server thinks.
 * Starting the running session again is accepted (a server that restarted re-sends it); starting
 * another while one runs is a CONFLICT: the server must end the first.
 */
export class BenchSession {
  private running: RunningSession | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly maxSessionMinutes: number,
    private readonly onExpired: (session: RunningSession) => void,
    private readonly now: () => number = Date.now,
  ) {}

  get current(): RunningSession | undefined {
    return this.running;
  }

  start(start: SessionStart): RunningSession {
    if (this.running && this.running.sessionId !== start.sessionId) {
      throw new ProtocolError(
        'CONFLICT',
        `Session ${this.running.sessionId} is running on this bench: end it first.`,
      );
    }
    if (this.running) return this.running;
    const session = { sessionId: start.sessionId, startedAt: this.now() };
    this.running = session;
    this.timer = setTimeout(() => {
      if (this.running === session) this.onExpired(session);
    }, this.maxSessionMinutes * 60_000);
    return session;
  }

  /** Ends the session if `sessionId` is the running one (or any when omitted); returns it. */
  end(sessionId?: string): RunningSession | undefined {
    const session = this.running;
    if (!session || (sessionId !== undefined && session.sessionId !== sessionId)) return undefined;
    clearTimeout(this.timer);
    this.running = undefined;
    return session;
  }
}
