import { ProtocolError, type Ack, type ServerToAgentEvents } from '@remotelab/protocol';
import type { BenchRegistry } from '../benches/bench-registry.ts';
import type { AgentNamespace } from './agent-namespace.ts';

type RequestEvent = keyof ServerToAgentEvents;
type Payload<E extends RequestEvent> = Parameters<ServerToAgentEvents[E]>[0];
type Reply<E extends RequestEvent> = Parameters<ServerToAgentEvents[E]>[1] extends (
  res: Ack<infer T>,
) => void
  ? T
  : never;

/**
 * Asks the lab-agent that drives a bench to do something (run its self-test, clear a quarantine,
 * start or end a session) and waits for its ack. The agent's refusal comes back as the same
 * ProtocolError; no agent connected is BENCH_OFFLINE, no answer in time TIMEOUT.
 */
export class AgentRequester {
  private namespace: AgentNamespace | undefined;

  constructor(private readonly registry: BenchRegistry) {}

  /** The `/agent` namespace exists once the HTTP server does. */
  attach(namespace: AgentNamespace): void {
    this.namespace = namespace;
  }

  async request<E extends RequestEvent>(
    event: E,
    payload: Payload<E>,
    timeoutMs: number,
  ): Promise<Reply<E>> {
    const { benchId } = payload;
    if (!this.registry.live(benchId)) {
      throw new ProtocolError('UNKNOWN_BENCH', `There is no bench "${benchId}".`);
    }
    const socket = this.namespace?.sockets.get(this.registry.agentSocketOf(benchId) ?? '');
    if (!socket) {
      throw new ProtocolError(
        'BENCH_OFFLINE',
        `The lab-agent of bench ${benchId} is not connected.`,
      );
    }
    // socket.io cannot type emitWithAck over a generic event name; the cast stays at this seam.
    const timed = socket.timeout(timeoutMs);
    const emit = timed.emitWithAck.bind(timed) as unknown as (
      event: E,
      payload: Payload<E>,
    ) => Promise<Ack<Reply<E>>>;
    const reply = await emit(event, payload).catch(() => {
      throw new ProtocolError(
        'TIMEOUT',
        `The lab-agent of bench ${benchId} did not answer in time.`,
      );
    });
    if (reply.status === 'error') throw new ProtocolError(reply.error.code, reply.error.message);
    return reply.data;
  }
}
