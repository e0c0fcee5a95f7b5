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
  /** Who sees a bench's live stream while a session runs on it (absent: everyone). */
  watchGate?: WatchGate;
}

/**
 * The stream of an idle bench is public; the stream of a running session belongs to the people
 * who may see its recording (and technicians): the platform answers both questions.
 */
export interface WatchGate {
  /** The session running on the bench now, if any (synchronous: asked for every frame). */
  sessionOn(benchId: string): string | undefined;
  /** Whether the sender of these handshake cookies may watch that session. */
  mayWatch(cookieHeader: string | undefined, sessionId: string): Promise<boolean>;
}

/** One socket's subscription to one bench, and which session it was cleared for. */
interface Subscriber {
  stream: ClientStream;
  cookieHeader: string | undefined;
  clearedFor: string | undefined;
  refusedFor: string | undefined;
  checking: boolean;
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
  /** benchId -> the subscriptions of the sockets subscribed to it. */
  const streams = new Map<string, Map<string, Subscriber>>();

  registry.on('frame', (frame) => {
    const subscribers = streams.get(frame.benchId);
    if (!subscribers) return;
    const session = ctx.watchGate?.sessionOn(frame.benchId);
    for (const subscriber of subscribers.values()) {
      if (session === undefined || subscriber.clearedFor === session) subscriber.stream.push(frame);
      // A session started under a subscription made while the bench was idle: frames are held
      // back until the subscriber is cleared for it (and dropped for good if refused).
      else if (subscriber.refusedFor !== session && !subscriber.checking)
        check(subscriber, session);
    }
  });

  function check(subscriber: Subscriber, session: string): void {
    subscriber.checking = true;
    void ctx
      .watchGate!.mayWatch(subscriber.cookieHeader, session)
      .then(
        (allowed) => {
          if (allowed) subscriber.clearedFor = session;
          else subscriber.refusedFor = session;
        },
        (error: unknown) => logger.warn({ err: error }, 'watch check failed; retrying'),
      )
      .finally(() => (subscriber.checking = false));
  }

  registry.on('changed', (summary) => namespace.emit('bench:state', summary));

  const unsubscribe = (socketId: string, benchId: string) => {
    const subscribers = streams.get(benchId);
    subscribers?.get(socketId)?.stream.close();
    subscribers?.delete(socketId);
    if (subscribers?.size === 0) streams.delete(benchId);
  };

  namespace.on('connection', (socket: BrowserSocket) => {
    const subscribed = new Set<string>();
    const cookieHeader = socket.handshake.headers.cookie;

    handle(socket, 'bench:subscribe', async (raw) => {
      const { benchId } = parseOrThrow(SubscribeRequestSchema, raw);
      const summary = registry.summary(benchId);
      if (!summary) throw new ProtocolError('UNKNOWN_BENCH', `There is no bench "${benchId}".`);
      const session = ctx.watchGate?.sessionOn(benchId);
      if (session !== undefined && !(await ctx.watchGate!.mayWatch(cookieHeader, session)))
        throw new ProtocolError(
          'FORBIDDEN',
          'A session runs on this bench: its owner, observers, instructors and technicians watch it.',
        );
      if (!subscribed.has(benchId)) {
        subscribed.add(benchId);
        const subscribers = streams.get(benchId) ?? new Map<string, Subscriber>();
        streams.set(benchId, subscribers);
        const subscriber: Subscriber = {
          cookieHeader,
          clearedFor: session,
          refusedFor: undefined,
          checking: false,
          stream: new ClientStream({
            ...STREAM_LIMITS,
            send: (frame, onAck) => socket.emit('frame', frame, onAck),
            // Emit nothing while socket.io's own buffer still holds a packet for this client.
            canWrite: () => queuedPackets(socket) === 0,
            onWritable: (callback) => {
              socket.conn.once('drain', callback);
              return () => socket.conn.off('drain', callback);
            },
          }),
        };
        subscribers.set(socket.id, subscriber);
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
