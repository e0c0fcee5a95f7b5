import type { Namespace, Socket } from 'socket.io';
import type { Logger } from 'pino';
import {
  AgentAuthSchema,
  AgentBenchStateSchema,
  AgentHelloSchema,
  PROTOCOL_VERSION,
  SampleFrameSchema,
  describeZodError,
  fail,
  ok,
  type AgentToServerEvents,
  type ErrorBody,
  type ServerToAgentEvents,
} from '@remotelab/protocol';
import type { BenchRegistry } from '../benches/bench-registry.ts';
import type { AgentTokenVerifier } from './agent-auth.ts';

export type AgentNamespace = Namespace<AgentToServerEvents, ServerToAgentEvents>;
type AgentSocket = Socket<AgentToServerEvents, ServerToAgentEvents, object, { agentId: string }>;

export interface AgentNamespaceContext {
  registry: BenchRegistry;
  tokens: AgentTokenVerifier;
  logger: Logger;
}

/** An error refusing the handshake; socket.io hands `data` to the client's connect_error. */
function refusal(body: ErrorBody): Error {
  return Object.assign(new Error(body.message), { data: body });
}

/**
 * `/agent`: lab-agents authenticate with a token in the handshake, announce their benches and
 * stream frames. Everything inbound is parsed with its schema; a bad frame is refused with an
 * error ack and changes nothing.
 */
export function attachAgentNamespace(namespace: AgentNamespace, ctx: AgentNamespaceContext): void {
  const { registry, logger } = ctx;

  namespace.use((socket, next) => {
    const auth = AgentAuthSchema.safeParse(socket.handshake.auth);
    if (!auth.success || !ctx.tokens.verify(auth.data.token)) {
      logger.warn({ address: socket.handshake.address }, 'agent refused: bad token');
      return next(refusal({ code: 'AUTH_FAILED', message: 'The agent token was not accepted.' }));
    }
    if (auth.data.protocolVersion !== PROTOCOL_VERSION) {
      return next(
        refusal({
          code: 'PROTOCOL_MISMATCH',
          message: `The server speaks protocol ${PROTOCOL_VERSION}, the agent ${auth.data.protocolVersion}.`,
        }),
      );
    }
    (socket as AgentSocket).data.agentId = auth.data.agentId;
    next();
  });

  namespace.on('connection', (socket: AgentSocket) => {
    const agentId = socket.data.agentId;
    logger.info({ agentId }, 'agent connected');

    socket.on('hello', (raw, ack) => {
      if (typeof ack !== 'function') return;
      const hello = AgentHelloSchema.safeParse(raw);
      if (!hello.success) return ack(fail('BAD_REQUEST', describeZodError(hello.error)));
      const refused = registry.attachAgent(agentId, socket.id, hello.data.benches);
      if (refused.length > 0) {
        return ack(fail('FORBIDDEN', `Benches ${refused.join(', ')} are driven by another agent.`));
      }
      ack(ok({ serverTime: Date.now() }));
    });

    socket.on('bench:state', (raw) => {
      const state = AgentBenchStateSchema.safeParse(raw);
      if (!state.success || !registry.isDrivenBy(state.data.benchId, socket.id)) {
        logger.warn({ agentId }, "ignored a bench state that is malformed or not this agent's");
        return;
      }
      const before = registry.summary(state.data.benchId)?.status;
      registry.updateState(state.data);
      if (before !== state.data.status) {
        logger.info(
          { benchId: state.data.benchId, status: state.data.status, detail: state.data.detail },
          'bench state',
        );
      }
    });

    socket.on('frame', (raw, ack) => {
      const reply = typeof ack === 'function' ? ack : () => undefined;
      const parsed = SampleFrameSchema.safeParse(raw);
      if (!parsed.success) return reply(fail('BAD_REQUEST', describeZodError(parsed.error)));
      const frame = parsed.data;
      if (!registry.isDrivenBy(frame.benchId, socket.id)) {
        return reply(fail('UNKNOWN_BENCH', `This agent does not drive bench ${frame.benchId}.`));
      }
      const inputs = registry.descriptor(frame.benchId)!.inputs.map((input) => input.id);
      const unknown = Object.keys(frame.channels).find((id) => !inputs.includes(id));
      if (unknown)
        return reply(fail('BAD_REQUEST', `Bench ${frame.benchId} has no input "${unknown}".`));
      registry.recordFrame(frame);
      reply(ok({ seq: frame.seq }));
    });

    socket.on('disconnect', (reason) => {
      logger.warn({ agentId, reason }, 'agent disconnected');
      registry.detachAgent(socket.id);
    });
  });
}
