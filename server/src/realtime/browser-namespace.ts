import { randomUUID } from 'node:crypto';
import type { Namespace, Socket } from 'socket.io';
import type { Logger } from 'pino';
import {
  BrowserCommandSchema,
  ProtocolError,
  SubscribeRequestSchema,
  fail,
  ok,
  parseOrThrow,
  type Ack,
  type BrowserCommand,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '@remotelab/protocol';
import type { BenchRegistry } from '../benches/bench-registry.ts';
import type { AgentNamespace } from './agent-namespace.ts';
import { ClientStream } from './client-stream.ts';
import { checkCommand } from './check-command.ts';

type BrowserNamespace = Namespace<ClientToServerEvents, ServerToClientEvents>;
type BrowserSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

export interface BrowserNamespaceContext {
  registry: BenchRegistry;
  agents: AgentNamespace;
  logger: Logger;
  commandTimeoutMs: number;
  /**
   * Told of every command that reached (or timed out at) an agent, with the sender's handshake
   * cookies, so the platform can audit and record it. Must not throw.
   */
  onCommand?: (event: CommandEvent) => void;
  /**
   * Checks that the sender may command the bench now (the scheduler: owner of its running
   * session); throws a ProtocolError (NOT_SESSION_OWNER, UNAUTHENTICATED) to refuse.
   */
  authorizeCommand?: (cookieHeader: string | undefined, benchId: string) => Promise<void>;
}

export interface CommandEvent {
  command: BrowserCommand;
  at: number;
  /** `ok`, or the error code the agent answered (TIMEOUT when it did not). */
  result: string;
  socketId: string;
  cookieHeader: string | undefined;
}

/** Flow control per browser and bench; see ClientStream. */
const STREAM_LIMITS = { maxPendingMs: 2000 };

/**
 * The browsers' namespace: subscribe to a bench's stream, send commands. Every request is parsed
 * with its schema and answered with the one ack envelope; exceptions become envelopes here.
 */
export function attachBrowserNamespace(
  namespace: BrowserNamespace,
  ctx: BrowserNamespaceContext,
): void {
  const { registry, logger } = ctx;
  /** benchId -> the streams of the sockets subscribed to it. */
  const streams = new Map<string, Map<string, ClientStream>>();

  registry.on('frame', (frame) => {
    const subscribers = streams.get(frame.benchId);
    if (subscribers) for (const stream of subscribers.values()) stream.push(frame);
  });
  registry.on('changed', (summary) => namespace.emit('bench:state', summary));

  const unsubscribe = (socketId: string, benchId: string) => {
    const subscribers = streams.get(benchId);
    subscribers?.get(socketId)?.close();
    subscribers?.delete(socketId);
    if (subscribers?.size === 0) streams.delete(benchId);
  };

  namespace.on('connection', (socket: BrowserSocket) => {
    const subscribed = new Set<string>();

    handle(socket, 'bench:subscribe', async (raw) => {
      const { benchId } = parseOrThrow(SubscribeRequestSchema, raw);
      const summary = registry.summary(benchId);
      if (!summary) throw new ProtocolError('UNKNOWN_BENCH', `There is no bench "${benchId}".`);
      if (!subscribed.has(benchId)) {
        subscribed.add(benchId);
        const subscribers = streams.get(benchId) ?? new Map<string, ClientStream>();
        streams.set(benchId, subscribers);
        subscribers.set(
          socket.id,
          new ClientStream({
            ...STREAM_LIMITS,
            send: (frame, onAck) => socket.emit('frame', frame, onAck),
            // Emit nothing while socket.io's own buffer still holds a packet for this client.
            canWrite: () => queuedPackets(socket) === 0,
            onWritable: (callback) => {
              socket.conn.once('drain', callback);
              return () => socket.conn.off('drain', callback);
            },
          }),
        );
      }
      return summary;
    });

    handle(socket, 'bench:unsubscribe', async (raw) => {
      const { benchId } = parseOrThrow(SubscribeRequestSchema, raw);
      subscribed.delete(benchId);
      unsubscribe(socket.id, benchId);
      return null;
    });

    handle(socket, 'command', async (raw) => {
      const command = parseOrThrow(BrowserCommandSchema, raw);
      const bench = registry.summary(command.benchId);
      if (!bench)
        throw new ProtocolError('UNKNOWN_BENCH', `There is no bench "${command.benchId}".`);
      await ctx.authorizeCommand?.(socket.handshake.headers.cookie, command.benchId);
      checkCommand(bench, command.output, command.value);
      const agentSocket = ctx.agents.sockets.get(registry.agentSocketOf(command.benchId) ?? '');
      if (!agentSocket || bench.status !== 'online') {
        throw new ProtocolError('BENCH_OFFLINE', `Bench ${bench.name} is offline right now.`);
      }
      const reply = await agentSocket
        .timeout(ctx.commandTimeoutMs)
        .emitWithAck('command', { commandId: randomUUID(), ...command })
        .catch(() => {
          notify(socket, command, 'TIMEOUT');
          throw new ProtocolError(
            'TIMEOUT',
            'The lab did not confirm the command in time; it may or may not have been applied.',
          );
        });
      // Audit trail of every command sent to a bench (kept in the database from the storage issue on).
      logger.info(
        { audit: 'command', socket: socket.id, ...command, result: reply.status },
        'command',
      );
      notify(socket, command, reply.status === 'ok' ? 'ok' : reply.error.code);
      if (reply.status === 'error') throw new ProtocolError(reply.error.code, reply.error.message);
      return reply.data;
    });

    socket.on('disconnect', () => {
      for (const benchId of subscribed) unsubscribe(socket.id, benchId);
    });
  });

  function notify(socket: BrowserSocket, command: BrowserCommand, result: string): void {
    ctx.onCommand?.({
      command,
      at: Date.now(),
      result,
      socketId: socket.id,
      cookieHeader: socket.handshake.headers.cookie,
    });
  }

  function handle<E extends 'bench:subscribe' | 'bench:unsubscribe' | 'command'>(
    socket: BrowserSocket,
    event: E,
    run: (raw: unknown) => Promise<AckData<E>>,
  ): void {
    // socket.io's typed `on` cannot be expressed generically over E; the cast stays at this seam.
    (socket.on as (event: string, listener: (raw: unknown, ack: unknown) => void) => void)(
      event,
      (raw, ack) => {
        if (typeof ack !== 'function') return;
        const reply = ack as (res: Ack<AckData<E>>) => void;
        run(raw).then(
          (data) => reply(ok(data)),
          (error: unknown) => {
            if (error instanceof ProtocolError) return reply(fail(error.code, error.message));
            logger.error({ err: error, event }, 'browser request failed');
            reply(fail('INTERNAL', 'Something went wrong on the server.'));
          },
        );
      },
    );
  }
}

type AckData<E extends keyof ClientToServerEvents> = Parameters<
  ClientToServerEvents[E]
>[1] extends (res: Ack<infer T>) => void
  ? T
  : never;

/** Packets engine.io holds for a socket until its transport can take them (private in its types). */
function queuedPackets(socket: BrowserSocket): number {
  return (socket.conn as unknown as { writeBuffer: readonly unknown[] }).writeBuffer.length;
}
