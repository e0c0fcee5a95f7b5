import {
  BenchViewSchema,
  checkReply,
  CommandAppliedSchema,
  z,
  type BenchView,
  type BrowserCommand,
  type ClientToServerEvents,
  type CommandApplied,
  type ReplySchema,
  type ServerToClientEvents,
  type StreamFrame,
} from '@remotelab/protocol';
import type { Socket } from 'socket.io-client';
// The codec's own entry point, as the agent-free frame path needs nothing else from protocol.
import { decodeStreamFrame } from '@remotelab/protocol/stream-frame-codec';
import { ValueStore } from '../shared/value-store.ts';
import { clientError, readAck } from './client-ack.ts';
import type { ClientAck } from './client-ack.ts';
import { connectionState, initialLinkFacts, nextLinkFacts } from './connection-state.ts';
import type { ConnectionState, LinkEvent, LinkFacts } from './connection-state.ts';
import { RateMeter } from './rate-meter.ts';

export type LabClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
/** The same socket under `.timeout(ms)`: its acks reject when the time is up. */
type TimedSocket = ReturnType<LabClientSocket['timeout']>;

export interface LabSocketOptions {
  /** How long a request waits for its ack before it is reported as TIMEOUT. */
  ackTimeoutMs?: number;
  now?: () => number;
  /** Source of `online` / `offline` events (the window in a browser). */
  network?: Pick<Window, 'addEventListener' | 'removeEventListener'> & {
    navigator?: { onLine: boolean };
  };
  /** Throw on an ack that does not parse (default: in development and tests); see readAck. */
  strictReplies?: boolean;
}

type FrameListener = (frame: StreamFrame) => void;

/**
 * The browser's one socket.io link, typed by the protocol's event maps. It
 *  - decodes every `frame` (packed on the wire) and acks it right after handing it to the
 *    listeners of its bench: the server fits the stream to this link from the ack timing, so a
 *    frame is acked at once, even when nobody listens, a listener throws or it is malformed;
 *  - derives the connection state shown in the header;
 *  - measures frames/s;
 *  - never queues a request while disconnected: socket.io would send it on reconnect, and a
 *    command applied minutes late to a real bench is worse than one refused now.
 */
export class LabSocket {
  readonly connection: ValueStore<ConnectionState>;
  readonly framesPerSecond = new ValueStore(0);
  /**
   * The server refused this page's protocol version (PROTOCOL_MISMATCH at the handshake): it
   * was built for another server. socket.io does not retry a refused handshake; the page offers
   * to reload instead (UpdateBanner).
   */
  readonly outdated = new ValueStore(false);
  /** Frames that could not be decoded (counted, acked, dropped). */
  malformedFrames = 0;
  private facts: LinkFacts;
  private readonly meter = new RateMeter();
  private readonly frameListeners = new Map<string, Set<FrameListener>>();
  private readonly stateListeners = new Set<(bench: BenchView) => void>();
  private readonly connectListeners = new Set<() => void>();
  private readonly ackTimeoutMs: number;
  private readonly now: () => number;
  private readonly network: LabSocketOptions['network'];
  private readonly strictReplies: boolean;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly socket: LabClientSocket,
    options: LabSocketOptions = {},
  ) {
    this.ackTimeoutMs = options.ackTimeoutMs ?? 8000;
    this.now = options.now ?? (() => performance.now());
    this.network = options.network;
    this.strictReplies = options.strictReplies ?? import.meta.env.DEV;
    this.facts = initialLinkFacts(this.network?.navigator?.onLine ?? true);
    this.connection = new ValueStore(connectionState(this.facts));

    socket.on('connect', () => {
      this.update({ type: 'connect' });
      for (const listener of [...this.connectListeners]) listener();
    });
    socket.on('disconnect', () =>
      this.update({ type: 'disconnect', willReconnect: socket.active }),
    );
    socket.on('connect_error', (error: Error & { data?: { code?: unknown } }) => {
      if (error.data?.code === 'PROTOCOL_MISMATCH') this.outdated.set(true);
      this.update({ type: 'connect_error', willReconnect: socket.active });
    });
    socket.io.on('reconnect_attempt', () => this.update({ type: 'reconnect_attempt' }));
    socket.io.on('reconnect_failed', () => this.update({ type: 'reconnect_failed' }));
    socket.on('frame', (frame, ack) => this.takeFrame(frame, ack));
    socket.on('bench:state', (pushed) => {
      // A push is parsed like a reply: a view that does not match is dropped and said, never
      // stored half-understood.
      const bench = checkReply(BenchViewSchema, pushed, 'the bench:state push');
      if (!bench.ok) {
        console.error(bench.problem);
        return;
      }
      for (const listener of [...this.stateListeners]) listener(bench.data);
    });
  }

  /** Connects and starts the frames/s meter and the network listeners. */
  start(): void {
    this.network?.addEventListener('online', this.onOnline);
    this.network?.addEventListener('offline', this.onOffline);
    this.timer = setInterval(() => {
      this.framesPerSecond.set(Math.round(this.meter.rate(this.now()) * 10) / 10);
    }, 1000);
    this.socket.connect();
  }

  stop(): void {
    this.network?.removeEventListener('online', this.onOnline);
    this.network?.removeEventListener('offline', this.onOffline);
    clearInterval(this.timer);
    this.socket.disconnect();
  }

  /** Tries again after socket.io gave up or the server closed the link (the badge's button). */
  reconnect(): void {
    if (this.socket.connected || this.outdated.get()) return;
    this.update({ type: 'reconnect_attempt' });
    this.socket.connect();
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  /** Frames of one bench. The listener must not keep the frame's arrays beyond the call. */
  onFrame(benchId: string, listener: FrameListener): () => void {
    let listeners = this.frameListeners.get(benchId);
    if (!listeners) this.frameListeners.set(benchId, (listeners = new Set()));
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) this.frameListeners.delete(benchId);
    };
  }

  onBenchState(listener: (bench: BenchView) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Runs on every connect, the first one and each reconnection: the place to (re)subscribe. */
  onConnect(listener: () => void): () => void {
    this.connectListeners.add(listener);
    return () => this.connectListeners.delete(listener);
  }

  subscribe(benchId: string): Promise<ClientAck<BenchView>> {
    return this.request('bench:subscribe', BenchViewSchema, (socket) =>
      socket.emitWithAck('bench:subscribe', { benchId }),
    );
  }

  unsubscribe(benchId: string): Promise<ClientAck<null>> {
    return this.request('bench:unsubscribe', z.null(), (socket) =>
      socket.emitWithAck('bench:unsubscribe', { benchId }),
    );
  }

  command(command: BrowserCommand): Promise<ClientAck<CommandApplied>> {
    return this.request('command', CommandAppliedSchema, (socket) =>
      socket.emitWithAck('command', command),
    );
  }

  private async request<T>(
    event: keyof ClientToServerEvents,
    data: ReplySchema<T>,
    send: (socket: TimedSocket) => Promise<unknown>,
  ): Promise<ClientAck<T>> {
    if (!this.socket.connected) {
      return clientError('DISCONNECTED', 'Not connected to the lab server.');
    }
    let reply: unknown;
    try {
      reply = await send(this.socket.timeout(this.ackTimeoutMs));
    } catch {
      // socket.io rejects only on timeout; the packet is dropped from its buffer at that point.
      return clientError('TIMEOUT', 'The lab server did not answer in time.');
    }
    return readAck(data, reply, event, this.strictReplies);
  }

  private takeFrame(packed: unknown, ack: unknown): void {
    try {
      this.meter.record(this.now());
      const frame = decodeStreamFrame(packed);
      if (!frame) {
        this.malformedFrames += 1;
        return;
      }
      const listeners = this.frameListeners.get(frame.benchId);
      if (listeners) {
        for (const listener of [...listeners]) {
          try {
            listener(frame);
          } catch (error) {
            console.error('frame listener failed', error);
          }
        }
      }
    } finally {
      if (typeof ack === 'function') ack();
    }
  }

  private update(event: LinkEvent): void {
    this.facts = nextLinkFacts(this.facts, event);
    this.connection.set(connectionState(this.facts));
  }

  private readonly onOnline = () => this.update({ type: 'browser', online: true });
  private readonly onOffline = () => this.update({ type: 'browser', online: false });
}
