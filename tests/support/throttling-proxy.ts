import { createConnection, createServer, type Server, type Socket } from 'node:net';

/** One direction's rate and the round trip, like Chrome DevTools' throttling presets. */
export interface LinkProfile {
  /** Bandwidth of each direction, bits per second. */
  bitsPerSecond: number;
  /** Round-trip time added by the link (half each way), ms. */
  rttMs: number;
}

/** Chrome DevTools' "Slow 3G": 400 kbit/s each way, 400 ms RTT. */
export const SLOW_3G: LinkProfile = { bitsPerSecond: 400_000, rttMs: 400 };

export interface ThrottlingProxyOptions extends LinkProfile {
  targetPort: number;
  targetHost?: string;
  /**
   * Bytes one direction holds before the proxy stops reading from the sender (the network's
   * buffer); beyond it, TCP backpressure reaches the sender's socket as on a real path.
   */
  bufferBytes?: number;
}

/** How a cut looks to the two ends. */
export type CutMode =
  /** Every connection is reset and new ones are refused at once (the radio dropped, the OS knows). */
  | 'reset'
  /** Nothing moves, nothing closes (a dead spot): only heartbeats can tell. */
  | 'freeze';

/** Segment size on the emulated link: data is paced in pieces of at most this many bytes. */
const MTU = 1460;

interface Piece {
  to: Socket;
  bytes: Buffer | 'end';
}

/**
 * One direction of the emulated link, shared by every connection through the proxy (as one
 * access link is shared by every connection of a phone): a FIFO paced by a token bucket at the
 * profile's rate, then delayed by half the RTT, in order.
 */
class LinkDirection {
  private waiting: Piece[] = [];
  private waitingBytes = 0;
  private inFlight: Array<{ at: number; piece: Piece }> = [];
  private tokens = MTU;
  private tokensAt = performance.now();
  private sendTimer: NodeJS.Timeout | undefined;
  private deliverTimer: NodeJS.Timeout | undefined;
  private readonly paused = new Set<Socket>();
  frozen = false;
  /** Bytes that crossed the link. */
  transmitted = 0;

  constructor(
    private readonly profile: () => LinkProfile,
    private readonly bufferBytes: number,
  ) {}

  enqueue(from: Socket, to: Socket, bytes: Buffer | 'end'): void {
    if (bytes === 'end') {
      this.waiting.push({ to, bytes });
    } else {
      for (let start = 0; start < bytes.length; start += MTU) {
        this.waiting.push({ to, bytes: bytes.subarray(start, start + MTU) });
      }
      this.waitingBytes += bytes.length;
      if (this.waitingBytes > this.bufferBytes && !this.paused.has(from)) {
        this.paused.add(from);
        from.pause();
      }
    }
    this.pump();
  }

  /** Forgets everything queued for `socket` (its connection is gone). */
  purge(socket: Socket): void {
    const keep = (piece: Piece) => piece.to !== socket;
    for (const piece of this.waiting) {
      if (!keep(piece) && piece.bytes !== 'end') this.waitingBytes -= piece.bytes.length;
    }
    this.waiting = this.waiting.filter(keep);
    this.inFlight = this.inFlight.filter((entry) => keep(entry.piece));
    this.paused.delete(socket);
    this.resumeIfRoom();
  }

  pump(): void {
    clearTimeout(this.sendTimer);
    this.sendTimer = undefined;
    if (this.frozen) return;
    const { bitsPerSecond, rttMs } = this.profile();
    const rate = bitsPerSecond / 8 / 1000; // bytes per ms
    const now = performance.now();
    // Room for two segments, so a timer that fires late catches up instead of losing rate.
    const burst = Math.max(2 * MTU, rate * 10);
    this.tokens = Math.min(burst, this.tokens + (now - this.tokensAt) * rate);
    this.tokensAt = now;
    for (let head = this.waiting[0]; head; head = this.waiting[0]) {
      const size = head.bytes === 'end' ? 0 : head.bytes.length;
      if (size > this.tokens) {
        this.sendTimer = setTimeout(() => this.pump(), Math.ceil((size - this.tokens) / rate));
        break;
      }
      this.tokens -= size;
      this.waiting.shift();
      this.waitingBytes -= size;
      this.transmitted += size;
      // Arrivals keep their order even when the RTT changes mid-flight.
      const last = this.inFlight[this.inFlight.length - 1]?.at ?? 0;
      this.inFlight.push({ at: Math.max(now + rttMs / 2, last), piece: head });
    }
    this.resumeIfRoom();
    this.scheduleDelivery();
  }

  private scheduleDelivery(): void {
    if (this.deliverTimer || this.frozen) return;
    const next = this.inFlight[0];
    if (!next) return;
    this.deliverTimer = setTimeout(
      () => {
        this.deliverTimer = undefined;
        const now = performance.now();
        while (this.inFlight[0] && this.inFlight[0].at <= now + 0.5) {
          const { piece } = this.inFlight.shift()!;
          if (piece.to.destroyed) continue;
          if (piece.bytes === 'end') piece.to.end();
          else piece.to.write(piece.bytes);
        }
        this.scheduleDelivery();
      },
      Math.max(0, next.at - performance.now()),
    );
  }

  private resumeIfRoom(): void {
    if (this.waitingBytes > this.bufferBytes / 2) return;
    for (const socket of this.paused) socket.resume();
    this.paused.clear();
  }

  stop(): void {
    clearTimeout(this.sendTimer);
    clearTimeout(this.deliverTimer);
    this.sendTimer = undefined;
    this.deliverTimer = undefined;
  }

  thaw(): void {
    this.frozen = false;
    this.tokensAt = performance.now();
    this.pump();
  }
}

/**
 * A TCP proxy on loopback that makes a link slow and unreliable, for tests (this kernel has no
 * netem): each direction is paced to `bitsPerSecond` and delayed by `rttMs / 2`; a new
 * connection costs one RTT (TCP's handshake); `cut()` drops the link until `restore()`.
 */
export class ThrottlingProxy {
  private readonly server: Server;
  private readonly pairs = new Set<[Socket, Socket]>();
  private readonly down: LinkDirection;
  private readonly up: LinkDirection;
  private cutMode: CutMode | undefined;
  private current: LinkProfile;
  /** Connections accepted so far (refused ones during a cut included). */
  connections = 0;

  private constructor(private readonly options: ThrottlingProxyOptions) {
    this.current = { bitsPerSecond: options.bitsPerSecond, rttMs: options.rttMs };
    const buffer = options.bufferBytes ?? 64 * 1024;
    this.down = new LinkDirection(() => this.current, buffer);
    this.up = new LinkDirection(() => this.current, buffer);
    // Half-open sockets: a FIN is forwarded after the data before it, not at once.
    this.server = createServer({ allowHalfOpen: true }, (client) => this.accept(client));
  }

  static async start(options: ThrottlingProxyOptions): Promise<ThrottlingProxy> {
    const proxy = new ThrottlingProxy(options);
    await new Promise<void>((resolve, reject) => {
      proxy.server.once('error', reject);
      proxy.server.listen(0, '127.0.0.1', () => resolve());
    });
    return proxy;
  }

  get port(): number {
    const address = this.server.address();
    if (typeof address !== 'object' || !address) throw new Error('proxy is not listening');
    return address.port;
  }

  /** Same host name as the target's URL usually has, so cookies and origins look alike. */
  get url(): string {
    return `http://localhost:${this.port}`;
  }

  /** Bytes that crossed the link towards the client and towards the server. */
  get transmitted(): { down: number; up: number } {
    return { down: this.down.transmitted, up: this.up.transmitted };
  }

  get profile(): LinkProfile {
    return this.current;
  }

  set profile(profile: LinkProfile) {
    this.current = profile;
    this.down.pump();
    this.up.pump();
  }

  cut(mode: CutMode = 'reset'): void {
    this.cutMode = mode;
    if (mode === 'freeze') {
      this.down.frozen = true;
      this.up.frozen = true;
      this.down.stop();
      this.up.stop();
      return;
    }
    for (const [client, target] of [...this.pairs]) this.drop(client, target);
  }

  restore(): void {
    const frozen = this.cutMode === 'freeze';
    this.cutMode = undefined;
    if (frozen) {
      this.down.thaw();
      this.up.thaw();
    }
  }

  async close(): Promise<void> {
    for (const [client, target] of [...this.pairs]) this.drop(client, target);
    this.down.stop();
    this.up.stop();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    this.connections += 1;
    if (this.cutMode === 'reset') {
      client.resetAndDestroy();
      return;
    }
    client.setNoDelay(true);
    client.pause();
    const target = createConnection({
      port: this.options.targetPort,
      host: this.options.targetHost ?? '127.0.0.1',
      allowHalfOpen: true,
    });
    target.setNoDelay(true);
    target.pause();
    const pair: [Socket, Socket] = [client, target];
    this.pairs.add(pair);
    client.on('data', (bytes) => this.up.enqueue(client, target, bytes));
    target.on('data', (bytes) => this.down.enqueue(target, client, bytes));
    client.on('end', () => this.up.enqueue(client, target, 'end'));
    target.on('end', () => this.down.enqueue(target, client, 'end'));
    for (const socket of pair) {
      socket.on('error', () => this.drop(client, target));
      socket.on('close', () => {
        if (client.destroyed && target.destroyed) this.forget(client, target);
      });
    }
    // The handshake's round trip, then data flows.
    const opened = setTimeout(() => {
      client.resume();
      target.resume();
    }, this.current.rttMs);
    client.once('close', () => clearTimeout(opened));
  }

  private drop(client: Socket, target: Socket): void {
    if (!client.destroyed) client.resetAndDestroy();
    if (!target.destroyed) target.resetAndDestroy();
    this.forget(client, target);
  }

  private forget(client: Socket, target: Socket): void {
    for (const pair of this.pairs) if (pair[0] === client) this.pairs.delete(pair);
    this.down.purge(client);
    this.up.purge(target);
  }
}
