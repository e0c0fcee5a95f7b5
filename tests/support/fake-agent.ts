import { io as connectClient, type Socket } from 'socket.io-client';
import {
  AGENT_PROTOCOL_VERSION,
  ok,
  type AgentBenchState,
  type AgentToServerEvents,
  type BenchDescriptor,
  type SampleFrame,
  type ServerToAgentEvents,
  type SessionStart,
} from '@remotelab/protocol';

type AgentSocket = Socket<ServerToAgentEvents, AgentToServerEvents>;

/**
 * A lab-agent reduced to its wire protocol: authenticates, announces benches, sends frames and
 * applies every command, serves the sessions it is told of. For storage tests that need real frames through the real namespace
 * without a serial board.
 */
export async function connectFakeAgent(
  url: string,
  auth: { token: string; agentId: string },
  runId = 'run-1',
) {
  const socket: AgentSocket = connectClient(`${url}/agent`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    auth: { ...auth, protocolVersion: AGENT_PROTOCOL_VERSION },
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error: Error & { data?: unknown }) =>
      reject(Object.assign(error, { data: error.data })),
    );
  });
  const commands: Array<{ output: string; value: unknown }> = [];
  /** Every `session:start` received, with the controls it carried, and every `session:end`. */
  const sessionStarts: SessionStart[] = [];
  const sessionEnds: string[] = [];
  const running = new Map<string, { sessionId: string; startedAt: number; held?: boolean }>();
  const stateOf = (benchId: string): AgentBenchState => {
    const session = running.get(benchId);
    return {
      benchId,
      status: 'online',
      sampleRateHz: 1000,
      outputs: { duty: 0, led: false },
      ...(session ? { session: { ...session } } : {}),
    };
  };
  // Serves sessions as a real agent does: acks with its new state and reports it.
  socket.on('session:start', (start, ack) => {
    sessionStarts.push(start);
    running.set(start.benchId, { sessionId: start.sessionId, startedAt: Date.now() });
    ack(ok(stateOf(start.benchId)));
    socket.emit('bench:state', stateOf(start.benchId));
  });
  socket.on('session:end', (end, ack) => {
    sessionEnds.push(end.sessionId);
    if (running.get(end.benchId)?.sessionId === end.sessionId) running.delete(end.benchId);
    ack(ok(stateOf(end.benchId)));
    socket.emit('bench:state', stateOf(end.benchId));
  });
  // Holds (and releases) a session's bench for an absent owner, as a real agent does.
  socket.on('bench:hold-safe', (req, ack) => {
    const session = running.get(req.benchId);
    if (session?.sessionId === req.sessionId) session.held = req.hold;
    ack(ok(stateOf(req.benchId)));
    socket.emit('bench:state', stateOf(req.benchId));
  });
  socket.on('command', (command, ack) => {
    commands.push({ output: command.output, value: command.value });
    ack(
      ok({
        benchId: command.benchId,
        output: command.output,
        value: command.value,
        appliedAt: Date.now(),
      }),
    );
  });
  // A bench without self-test steps passes at once, as a real agent answers.
  socket.on('bench:self-test', ({ benchId }, ack) => {
    const now = Date.now();
    ack(
      ok({
        benchId,
        trigger: 'on-demand',
        startedAt: now,
        finishedAt: now,
        passed: true,
        steps: [],
        detail: 'no self-test defined',
      }),
    );
  });
  return {
    socket,
    commands,
    sessionStarts,
    sessionEnds,
    /** Announces the benches; resolves with those the server refused (the others are online). */
    async announce(benches: BenchDescriptor[]) {
      const reply = await socket.emitWithAck('hello', {
        protocolVersion: AGENT_PROTOCOL_VERSION,
        agentId: auth.agentId,
        runId,
        benches,
      });
      if (reply.status !== 'ok') throw new Error(reply.error.message);
      const refused = reply.data.refused;
      for (const bench of benches) {
        if (refused.some((r) => r.benchId === bench.id)) continue;
        socket.emit('bench:state', stateOf(bench.id));
      }
      return refused;
    },
    sendFrame(frame: SampleFrame) {
      return socket.emitWithAck('frame', frame);
    },
    close() {
      socket.disconnect();
    },
  };
}

/** Frames like the RC bench's: 50 ms of two 10-bit channels at 1 kHz, values in volts. */
export function rcFrames(benchId: string, count: number, t0: number, firstSeq = 0): SampleFrame[] {
  const gain = 5 / 1023;
  return Array.from({ length: count }, (_, f) => ({
    benchId,
    seq: firstSeq + f,
    t0: t0 + f * 50,
    dt: 1,
    channels: {
      vout: Array.from(
        { length: 50 },
        (_, i) => Math.round(1023 * (1 - Math.exp(-(f * 50 + i) / 100))) * gain,
      ),
      ref: Array.from(
        { length: 50 },
        (_, i) => Math.round(512 + 300 * Math.sin((2 * Math.PI * (f * 50 + i)) / 2000)) * gain,
      ),
    },
  }));
}
