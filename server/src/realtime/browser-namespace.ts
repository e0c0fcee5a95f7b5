import { randomUUID } from 'node:crypto';
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
} from '@remotelab/protocol';
import type { Actor } from '../core/actor.ts';
import type { BenchRegistry } from '../benches/bench-registry.ts';
import type { BenchViews } from '../benches/bench-view.ts';
import type { AgentRequester } from './agent-requester.ts';
import type { BrowserAuth, BrowserNamespace, BrowserSocket } from './browser-auth.ts';
import { ClientStream } from './client-stream.ts';
import { checkCommand } from './check-command.ts';
import { countWriteQueue } from './engine-write-queue.ts';

export interface BrowserNamespaceContext {
  registry: BenchRegistry;
  /** What `bench:state` pushes and `bench:subscribe` answers: the one view of a bench. */
  benchViews: BenchViews;
  /** Who each socket is: set at the handshake, re-checked before acting for the user. */
  auth: BrowserAuth;
  /** Commands reach the bench's agent through the same requester as every server request. */
  agentRequests: AgentRequester;
  logger: Logger;
  commandTimeoutMs: number;
  /**
   * Told of every command that passed the server's checks, with its sender and outcome (`ok`,
   * the agent's refusal, BENCH_OFFLINE, TIMEOUT), so the platform can audit and record it.
   * Must not throw.
   */
  onCommand?: (event: CommandEvent) => void;
  /**
   * Checks that the sender may command the bench now (the scheduler: owner of its running
   * session); throws a ProtocolError (NOT_SESSION_OWNER, UNAUTHENTICATED) to refuse.
   */
  authorizeCommand?: (actor: Actor | undefined, benchId: string) => Promise<string | undefined>;
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
  /** Whether this user (undefined: anonymous) may watch that session. */
  mayWatch(actor: Actor | undefined, sessionId: string): Promise<boolean>;
}

/** One socket's subscription to one bench, and which session it was cleared for. */
interface Subscriber {
  stream: ClientStream;
  socket: BrowserSocket;
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
  /** The signed-in sender, as checked when the command was sent (null: anonymous). */
  actorId: string | null;
}

/** How often a socket gets a `link:checkpoint`: well within the two-minute recovery window. */
const CHECKPOINT_MS = 60_000;

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
    void ctx.auth
      .actorOf(subscriber.socket)
      .then((actor) => ctx.watchGate!.mayWatch(actor, session))
      .then(
        (allowed) => {
          if (allowed) subscriber.clearedFor = session;
          else subscriber.refusedFor = session;
        },
        (error: unknown) => logger.warn({ err: error }, 'watch check failed; retrying'),
      )
      .finally(() => (subscriber.checking = false));
  }

  // The push is the whole view, the catalog's flags included, so a browser replaces its copy.
  // Its live part is read once the row has arrived: a push is never older than the one before.
  registry.on('changed', (benchId) => {
    void ctx.benchViews.find(benchId).then(
      (view) => {
        if (view) namespace.emit('bench:state', view);
      },
      (error: unknown) =>
        logger.warn({ err: error, benchId }, 'bench state not pushed; its next change will be'),
    );
  });

  const unsubscribe = (socketId: string, benchId: string) => {
    const subscribers = streams.get(benchId);
    subscribers?.get(socketId)?.stream.close();
    subscribers?.delete(socketId);
    if (subscribers?.size === 0) streams.delete(benchId);
  };

  namespace.on('connection', (socket: BrowserSocket) => {
    const subscribed = new Set<string>();
    // Counted from now: emit nothing while engine.io still holds a packet for this client.
    const writeQueue = countWriteQueue(socket.conn);

    /** May this socket see the bench's stream now? Throws a ProtocolError saying why not. */
    const mayStream = async (benchId: string): Promise<string | undefined> => {
      // Only a bench whose agent announced it since the server started has a stream.
      if (!registry.live(benchId))
        throw new ProtocolError('UNKNOWN_BENCH', `There is no bench "${benchId}".`);
      const session = ctx.watchGate?.sessionOn(benchId);
      if (
        session !== undefined &&
        !(await ctx.watchGate!.mayWatch(await ctx.auth.actorOf(socket), session))
      )
        throw new ProtocolError(
          'FORBIDDEN',
          'A session runs on this bench: its owner, observers, instructors and technicians watch it.',
        );
      return session;
    };

    const startStream = (benchId: string, session: string | undefined): void => {
      if (subscribed.has(benchId) || socket.disconnected) return;
      subscribed.add(benchId);
      socket.data.benches = [...subscribed];
      const subscribers = streams.get(benchId) ?? new Map<string, Subscriber>();
      streams.set(benchId, subscribers);
      subscribers.set(socket.id, {
        socket,
        clearedFor: session,
        refusedFor: undefined,
        checking: false,
        stream: new ClientStream({
          ...STREAM_LIMITS,
          send: (frame, onAck) => socket.emit('frame', frame, onAck),
          canWrite: () => writeQueue.queued === 0,
          onWritable: (callback) => {
            socket.conn.once('drain', callback);
            return () => socket.conn.off('drain', callback);
          },
        }),
      });
    };

    // A recovered reconnection (the same socket back within the recovery window): its streams
    // start again at once, one round trip before the page's own re-subscribe arrives (which then
    // only answers the bench's view). Each is checked again as a new subscribe would be.
    if (socket.recovered) {
      for (const benchId of socket.data.benches ?? []) {
        mayStream(benchId).then(
          (session) => startStream(benchId, session),
          () => undefined, // the page's re-subscribe gets the refusal and shows it
        );
      }
    }
    socket.data.benches = [];
    const checkpoint = () => socket.emit('link:checkpoint', { at: Date.now() });
    checkpoint();
    const checkpoints = setInterval(checkpoint, CHECKPOINT_MS);

    handle(socket, 'bench:subscribe', async (raw) => {
      const { benchId } = parseOrThrow(SubscribeRequestSchema, raw);
      startStream(benchId, await mayStream(benchId));
      const view = await ctx.benchViews.find(benchId);
      if (!view) throw new ProtocolError('UNKNOWN_BENCH', `There is no bench "${benchId}".`);
      return view;
    });

    handle(socket, 'bench:unsubscribe', async (raw) => {
      const { benchId } = parseOrThrow(SubscribeRequestSchema, raw);
      subscribed.delete(benchId);
      socket.data.benches = [...subscribed];
      unsubscribe(socket.id, benchId);
      return null;
    });

    handle(socket, 'command', async (raw) => {
      const command = parseOrThrow(BrowserCommandSchema, raw);
      const live = registry.live(command.benchId);
      if (!live)
        throw new ProtocolError('UNKNOWN_BENCH', `There is no bench "${command.benchId}".`);
      const actor = await ctx.auth.actorOf(socket);
      // The session the command is allowed in travels with it: the agent refuses it once over.
      const sessionId = await ctx.authorizeCommand?.(actor, command.benchId);
      checkCommand(live.descriptor, command.output, command.value);
      if (live.state.status !== 'online')
        throw new ProtocolError(
          'BENCH_OFFLINE',
          `Bench ${live.descriptor.name} is offline right now.`,
        );
      const sent = { commandId: randomUUID(), ...command, ...(sessionId ? { sessionId } : {}) };
      try {
        const applied = await ctx.agentRequests.request('command', sent, ctx.commandTimeoutMs);
        notify(socket, actor, command, 'ok');
        return applied;
      } catch (error) {
        // A refusal by the agent, no agent, or no answer in time (which may still have applied).
        if (error instanceof ProtocolError) notify(socket, actor, command, error.code);
        if (error instanceof ProtocolError && error.code === 'TIMEOUT')
          throw new ProtocolError(
            'TIMEOUT',
            'The lab did not confirm the command in time; it may or may not have been applied.',
          );
        throw error;
      }
    });

    socket.on('disconnect', () => {
      clearInterval(checkpoints);
      for (const benchId of subscribed) unsubscribe(socket.id, benchId);
    });
  });

  function notify(
    socket: BrowserSocket,
    actor: Actor | undefined,
    command: BrowserCommand,
    result: string,
  ): void {
    ctx.onCommand?.({
      command,
      at: Date.now(),
      result,
      socketId: socket.id,
      actorId: actor?.id ?? null,
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
