import {
  BenchViewSchema,
  checkReply,
  CommandAppliedSchema,
  LinkCheckpointSchema,
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
 * How the page reconnects (socket.io Manager options). A dropped page tries again after
 * 125-375 ms, then every 250-500 ms (jittered, so a class behind one campus link does not knock in
 * step): a link that returns is used within half a second. An attempt that hangs (a dead spot)
 * is kept for 10 s: it completes as soon as the link is back, and a fresh one replaces it before
 * TCP's own SYN retries space out. After a minute of failures the pace drops to one try in 2.5-5 s.
 * WebSocket first: one connection and two round trips to a live socket, where polling then
 * upgrading costs several more; polling still answers where a proxy refuses WebSocket.
 */
export const RECONNECTION = {
  transports: ['websocket', 'polling'],
  tryAllTransports: true,
  reconnectionDelay: 250,
  reconnectionDelayMax: 500,
  randomizationFactor: 0.5,
  timeout: 10_000,
} as const;
/** Failed attempts (about a minute of them) before the pace drops. */
const FAST_ATTEMPTS = 150;
const SLOW_DELAY_MAX_MS = 5000;
/**
 * While frames flow, silence this long (no frame, no push, no heartbeat) means the link hangs:
 * the page says so at once. Frames come 10-20 times a second on most links; on a very slow one
 * (32 kbit/s, 800 ms) they can pause longer, so the limit is also three times the longest recent
 * gap between packets.
 */
export const SILENCE_MS = 1000;
/** Per packet, how much of the longest recent gap is remembered (~50 packets). */
const GAP_MEMORY = 0.95;

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
  private readonly reconnectListeners = new Set<(recovered: boolean) => void>();
  private everConnected = false;
  private readonly ackTimeoutMs: number;
  private readonly now: () => number;
  private readonly network: LabSocketOptions['network'];
  private readonly strictReplies: boolean;
  private timer: ReturnType<typeof setInterval> | undefined;
  private silenceTimer: ReturnType<typeof setInterval> | undefined;
  /** When anything last came in on the socket (a frame, a push, a heartbeat). */
  private heardAt = 0;
  /** The longest recent gap between packets, decaying (see GAP_MEMORY). */
  private recentGapMs = 0;
  /** Frames have come since the last connect or bench:state push: silence means something. */
  private streaming = false;

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
      // A new link: its gaps are measured afresh (the outage before it is not one of them).
      this.streaming = false;
      this.recentGapMs = 0;
      this.heard();
      socket.io.reconnectionDelayMax(RECONNECTION.reconnectionDelayMax);
      this.update({ type: 'connect' });
      for (const listener of [...this.connectListeners]) listener();
      if (this.everConnected) {
        for (const listener of [...this.reconnectListeners]) listener(socket.recovered);
      }
      this.everConnected = true;
    });
    socket.on('disconnect', () =>
      this.update({ type: 'disconnect', willReconnect: socket.active }),
    );
    socket.on('connect_error', (error: Error & { data?: { code?: unknown } }) => {
      if (error.data?.code === 'PROTOCOL_MISMATCH') this.outdated.set(true);
      this.update({ type: 'connect_error', willReconnect: socket.active });
    });
    socket.io.on('reconnect_attempt', (attempt: number) => {
      if (attempt === FAST_ATTEMPTS) socket.io.reconnectionDelayMax(SLOW_DELAY_MAX_MS);
      this.update({ type: 'reconnect_attempt' });
    });
    // Heartbeats and every packet: the link is alive.
    socket.io.on('ping', () => this.heard());
    socket.io.on('packet', () => this.heard());
    socket.io.on('reconnect_failed', () => this.update({ type: 'reconnect_failed' }));
    socket.on('frame', (frame, ack) => this.takeFrame(frame, ack));
    // Nothing to do with it: socket.io keeps its offset to resume this socket after a drop.
    socket.on('link:checkpoint', (pushed) => {
      const checkpoint = checkReply(LinkCheckpointSchema, pushed, 'the link:checkpoint push');
      if (!checkpoint.ok) console.error(checkpoint.problem);
    });
    socket.on('bench:state', (pushed) => {
      // The bench may have stopped streaming (offline): frames must come again before their
      // absence means a silent link.
      this.streaming = false;
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
    this.silenceTimer = setInterval(() => this.checkSilence(), SILENCE_MS / 4);
    this.socket.connect();
  }

  stop(): void {
    this.network?.removeEventListener('online', this.onOnline);
    this.network?.removeEventListener('offline', this.onOffline);
    clearInterval(this.timer);
    clearInterval(this.silenceTimer);
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

  /**
   * Runs on each reconnection (not the first connect). `recovered`: the server gave this socket
   * back with the pushes it missed (connection-state recovery); otherwise pushes sent during the
   * drop are lost and what they would have changed must be fetched again.
   */
  onReconnect(listener: (recovered: boolean) => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
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

  /** Marks the link silent once frames stopped for SILENCE_MS while connected (see LinkFacts). */
  checkSilence(): void {
    const limit = Math.max(SILENCE_MS, 3 * this.recentGapMs);
    const silent = this.socket.connected && this.streaming && this.now() - this.heardAt > limit;
    if (silent !== this.facts.silent) this.update({ type: 'silence', silent });
  }

  private heard(): void {
    const now = this.now();
    // A gap already called silent is a hang, not the link's pace: it does not raise the limit.
    if (this.streaming && !this.facts.silent) {
      this.recentGapMs = Math.max(now - this.heardAt, this.recentGapMs * GAP_MEMORY);
    }
    this.heardAt = now;
    if (this.facts.silent) this.update({ type: 'silence', silent: false });
  }

  private takeFrame(packed: unknown, ack: unknown): void {
    try {
      this.heard();
      this.streaming = true;
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
