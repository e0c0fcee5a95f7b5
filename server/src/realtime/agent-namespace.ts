import type { Namespace, Socket } from 'socket.io';
import type { Logger } from 'pino';
import {
  AgentAuthSchema,
  AgentBenchStateSchema,
  AgentHelloSchema,
  SampleFrameSchema,
  SelfTestResultSchema,
  SessionEndedSchema,
  describeZodError,
  fail,
  ok,
  protocolMismatch,
  type AgentToServerEvents,
  type ServerToAgentEvents,
} from '@remotelab/protocol';
import type { BenchRegistry } from '../benches/bench-registry.ts';
import type { BenchEnrollment, BenchRefusal } from '../benches/bench-enrollment.ts';
import type { AgentTokenVerifier } from './agent-auth.ts';
import { AgentConnections } from './agent-connections.ts';
import { handshakeRefusal as refusal } from './handshake-refusal.ts';

export type AgentNamespace = Namespace<AgentToServerEvents, ServerToAgentEvents>;
type AgentSocket = Socket<
  AgentToServerEvents,
  ServerToAgentEvents,
  object,
  // runId: the agent run announced in the hello; frame seqs are numbered per run.
  { agentId: string; runId?: string }
>;

/** Where frames are stored: resolves once what it received so far for the bench is durable. */
export interface FrameStore {
  whenStored(benchId: string): Promise<void>;
}

export interface AgentNamespaceContext {
  registry: BenchRegistry;
  /** Without it, frames count as stored once received (no recording on this server). */
  frames?: FrameStore;
  tokens: AgentTokenVerifier;
  /** Decides which announced benches the agent may drive, and writes them to the catalog. */
  enrollment: BenchEnrollment;
  logger: Logger;
}

export interface AttachedAgentNamespace {
  /** Resolves once every hello received so far is answered (its catalog writes done). */
  settled(): Promise<void>;
}

/**
 * `/agent`: lab-agents authenticate with a token bound to their agent id (one live connection per
 * id), announce their benches (each admitted only to the agent it is enrolled to) and stream
 * frames of the benches admitted. Everything inbound is parsed with its schema; a bad frame is
 * refused with an error ack and changes nothing.
 */
export function attachAgentNamespace(
  namespace: AgentNamespace,
  ctx: AgentNamespaceContext,
): AttachedAgentNamespace {
  const { registry, logger } = ctx;
  const connections = new AgentConnections();
  const inFlight = new Set<Promise<void>>();

  // socket.io's middleware is callback-based: admission runs as a promise whose every outcome,
  // a refusal or a failure (the token store unreachable), ends in exactly one `next`.
  namespace.use((socket, next) => {
    admit(socket).then(next, (error: unknown) => {
      logger.error({ err: error }, 'agent admission failed');
      next(refusal({ code: 'INTERNAL', message: 'The server could not check the agent.' }));
    });
  });

  /** Checks an agent's handshake; resolves to the refusal to send, or undefined to admit it. */
  async function admit(socket: Parameters<Parameters<AgentNamespace['use']>[0]>[0]) {
    const auth = AgentAuthSchema.safeParse(socket.handshake.auth);
    const accepted =
      auth.success &&
      (await ctx.tokens.verify(auth.data.token, auth.data.agentId).catch(() => false));
    if (!auth.success || !accepted) {
      logger.warn({ address: socket.handshake.address }, 'agent refused: bad token');
      return refusal({ code: 'AUTH_FAILED', message: 'The agent token was not accepted.' });
    }
    const mismatch = protocolMismatch('agent', auth.data.protocolVersion);
    if (mismatch) return refusal(mismatch);
    const { agentId } = auth.data;
    if (!connections.claim(agentId, socket.id)) {
      logger.warn(
        { agentId, address: socket.handshake.address },
        'agent refused: this agent id is connected already',
      );
      return refusal({
        code: 'AGENT_ALREADY_CONNECTED',
        message: `Agent "${agentId}" is connected already from another lab PC; one connection per agent id.`,
      });
    }
    // Freed when the transport closes, even if the handshake never completes.
    socket.conn.once('close', () => connections.release(agentId, socket.id));
    (socket as AgentSocket).data.agentId = agentId;
    return undefined;
  }

  namespace.on('connection', (socket: AgentSocket) => {
    const agentId = socket.data.agentId;
    logger.info({ agentId }, 'agent connected');
    const stored = storedAcks(socket, ctx.frames);

    socket.on('hello', (raw, ack) => {
      if (typeof ack !== 'function') return;
      const hello = AgentHelloSchema.safeParse(raw);
      if (!hello.success) return ack(fail('BAD_REQUEST', describeZodError(hello.error)));
      if (hello.data.agentId !== agentId) {
        return ack(
          fail('FORBIDDEN', `This connection is agent "${agentId}", not "${hello.data.agentId}".`),
        );
      }
      const { benches, runId } = hello.data;
      const answered = ctx.enrollment
        .admit(agentId, benches, socket.handshake.address)
        .then((refused: BenchRefusal[]) => {
          // Gone meanwhile: nothing of it may stay attached.
          if (socket.disconnected) return;
          const refusedIds = new Set(refused.map((r) => r.benchId));
          const accepted = benches.filter((bench) => !refusedIds.has(bench.id));
          for (const benchId of registry.attachAgent(agentId, socket.id, accepted)) {
            refused.push({
              benchId,
              code: 'BENCH_OWNED_BY_OTHER_AGENT',
              message: `Bench ${benchId} is driven by another lab-agent right now.`,
            });
          }
          socket.data.runId = runId;
          if (refused.length > 0) logger.warn({ agentId, refused }, 'benches refused to an agent');
          ack(ok({ serverTime: Date.now(), refused }));
        })
        .catch((error: unknown) => {
          logger.error({ err: error, agentId }, 'could not admit the announced benches');
          ack(fail('INTERNAL', 'The server could not record the announced benches.'));
        })
        .finally(() => inFlight.delete(answered));
      inFlight.add(answered);
    });

    socket.on('bench:state', (raw) => {
      const state = AgentBenchStateSchema.safeParse(raw);
      if (!state.success || !registry.isDrivenBy(state.data.benchId, socket.id)) {
        logger.warn({ agentId }, "ignored a bench state that is malformed or not this agent's");
        return;
      }
      const before = registry.agentState(state.data.benchId)?.status;
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
      // A replayed frame the server already has is acked too, so the agent lets go of it; either
      // way it is stored when what arrived before it is (ack after store).
      registry.recordFrame(frame, socket.data.runId ?? socket.id);
      reply(ok({ seq: frame.seq }));
      stored(frame.benchId, frame.seq);
    });

    // The agent ends a session on its own only as a safety net (its maximum duration, the server
    // link lost). SQL stays the record and agent-session-sync keeps the agent in step with it, so
    // this is logged for technicians and changes nothing.
    socket.on('session:ended', (raw) => {
      const ended = SessionEndedSchema.safeParse(raw);
      if (!ended.success || !registry.isDrivenBy(ended.data.benchId, socket.id)) return;
      logger.info({ agentId, ...ended.data }, 'the agent ended a session');
    });

    socket.on('self-test:result', (raw) => {
      const result = SelfTestResultSchema.safeParse(raw);
      if (!result.success || !registry.isDrivenBy(result.data.benchId, socket.id)) return;
      const { benchId, trigger, passed } = result.data;
      logger[passed ? 'info' : 'warn']({ agentId, benchId, trigger, passed }, 'bench self-test');
    });

    socket.on('disconnect', (reason) => {
      logger.warn({ agentId, reason }, 'agent disconnected');
      connections.release(agentId, socket.id);
      registry.detachAgent(socket.id);
    });
  });

  return {
    async settled() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

/**
 * The `frames:stored` acks of one agent connection: per bench, in the order the frames came,
 * each once the store has committed everything received up to it; acks that become due together
 * go out as one (the newest seq covers the older ones).
 */
function storedAcks(
  socket: AgentSocket,
  store: FrameStore | undefined,
): (benchId: string, seq: number) => void {
  const chains = new Map<string, Promise<void>>();
  const due = new Map<string, number>();
  let scheduled = false;
  const send = () => {
    scheduled = false;
    for (const [benchId, throughSeq] of due) socket.emit('frames:stored', { benchId, throughSeq });
    due.clear();
  };
  return (benchId, seq) => {
    const stored = store?.whenStored(benchId) ?? Promise.resolve();
    const chain = (chains.get(benchId) ?? Promise.resolve())
      .then(() => stored)
      .then(() => {
        due.set(benchId, seq);
        if (!scheduled) {
          scheduled = true;
          setImmediate(send);
        }
      });
    chains.set(benchId, chain);
    void chain.finally(() => chains.get(benchId) === chain && chains.delete(benchId));
  };
}
