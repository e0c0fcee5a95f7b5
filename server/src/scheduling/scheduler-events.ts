import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { BatchRun, Booking } from '@remotelab/protocol';

/**
 * What the scheduler tells the rest of the platform. Every server process gets every event: the
 * one whose socket carries the bench's agent drives the agent, the ones holding the people's
 * sockets push to them. Delivery is at most once; the reconcile tick repairs what was missed.
 */
export type SchedulerEvent =
  | {
      type: 'session-started';
      bookingId: string;
      labId: string;
      kind: Booking['kind'];
      benchId: string;
      sessionId: string;
      ownerId: string;
      endsAt: number;
    }
  | {
      type: 'session-warning';
      bookingId: string;
      benchId: string;
      ownerId: string;
      endsAt: number;
      remainingMs: number;
    }
  | {
      type: 'session-paused';
      bookingId: string;
      benchId: string;
      ownerId: string;
      graceEndsAt: number;
    }
  | {
      type: 'session-extended';
      bookingId: string;
      benchId: string;
      ownerId: string;
      endsAt: number;
      creditedMs: number;
    }
  | {
      type: 'session-ended';
      bookingId: string;
      benchId: string;
      sessionId: string;
      ownerId: string;
      reason: string;
    }
  | { type: 'booking-changed'; userId: string; booking: Booking }
  | { type: 'queue-changed'; labId: string }
  | { type: 'batch-changed'; userId: string; run: BatchRun }
  | { type: 'pool-changed'; pool: string };

export interface SchedulerEventBus {
  publish(event: SchedulerEvent): void;
  on(listener: (event: SchedulerEvent) => void): void;
  close(): Promise<void>;
}

/** One process: events go straight to the listeners (tests, the simulation, a single server). */
export class LocalEventBus implements SchedulerEventBus {
  private readonly emitter = new EventEmitter<{ event: [SchedulerEvent] }>();
  publish(event: SchedulerEvent): void {
    this.emitter.emit('event', event);
  }
  on(listener: (event: SchedulerEvent) => void): void {
    this.emitter.on('event', listener);
  }
  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}

/**
 * Several processes: events travel over Redis pub/sub and come back to their publisher through
 * the same subscription, so every process (this one included) handles each event once. When
 * Redis refuses the publish, this process still handles it; the others catch up on their tick.
 * Owns both connections (a subscribed connection can do nothing else).
 */
export class RedisEventBus implements SchedulerEventBus {
  private readonly local = new LocalEventBus();
  private readonly channel: string;

  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    prefix: string,
    private readonly logger: Logger,
  ) {
    this.channel = `${prefix}:scheduler:events`;
    subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return;
      try {
        this.local.publish(JSON.parse(message) as SchedulerEvent);
      } catch (error) {
        this.logger.warn({ err: error }, 'ignored a malformed scheduler event');
      }
    });
  }

  async start(): Promise<void> {
    await this.subscriber.subscribe(this.channel);
  }

  publish(event: SchedulerEvent): void {
    this.publisher.publish(this.channel, JSON.stringify(event)).catch((error: unknown) => {
      this.logger.warn(
        { err: error, type: event.type },
        'scheduler event not published: handled here only',
      );
      this.local.publish(event);
    });
  }

  on(listener: (event: SchedulerEvent) => void): void {
    this.local.on(listener);
  }

  async close(): Promise<void> {
    await this.local.close();
    this.subscriber.disconnect();
    this.publisher.disconnect();
  }
}
