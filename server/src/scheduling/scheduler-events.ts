import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { z } from 'zod';
import { BatchRunSchema, BookingKindSchema, BookingSchema } from '@remotelab/protocol';

/**
 * What the scheduler tells the rest of the platform. Every server process gets every event: the
 * one whose socket carries the bench's agent drives the agent, the ones holding the people's
 * sockets push to them. Delivery is at most once; the reconcile tick repairs what was missed.
 * Events cross Redis between processes, so the type is inferred from the schema that parses them.
 */
export const SchedulerEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('session-started'),
    bookingId: z.string(),
    labId: z.string(),
    kind: BookingKindSchema,
    benchId: z.string(),
    sessionId: z.string(),
    ownerId: z.string(),
    endsAt: z.number(),
  }),
  z.object({
    type: z.literal('session-warning'),
    bookingId: z.string(),
    benchId: z.string(),
    ownerId: z.string(),
    endsAt: z.number(),
    remainingMs: z.number(),
  }),
  z.object({
    type: z.literal('session-paused'),
    bookingId: z.string(),
    benchId: z.string(),
    ownerId: z.string(),
    graceEndsAt: z.number(),
  }),
  z.object({
    type: z.literal('session-extended'),
    bookingId: z.string(),
    benchId: z.string(),
    ownerId: z.string(),
    endsAt: z.number(),
    creditedMs: z.number(),
  }),
  z.object({
    type: z.literal('session-ended'),
    bookingId: z.string(),
    benchId: z.string(),
    sessionId: z.string(),
    ownerId: z.string(),
    reason: z.string(),
  }),
  /** A maintenance session (no booking) started or ended: the agent's process tells the agent. */
  z.object({
    type: z.literal('maintenance-session'),
    benchId: z.string(),
    sessionId: z.string(),
    ended: z.boolean(),
  }),
  z.object({ type: z.literal('booking-changed'), userId: z.string(), booking: BookingSchema }),
  z.object({ type: z.literal('queue-changed'), labId: z.string() }),
  z.object({ type: z.literal('batch-changed'), userId: z.string(), run: BatchRunSchema }),
  z.object({ type: z.literal('pool-changed'), pool: z.string() }),
]);
export type SchedulerEvent = z.infer<typeof SchedulerEventSchema>;

export interface SchedulerEventBus {
  publish(event: SchedulerEvent): void;
  on(listener: (event: SchedulerEvent) => void): void;
  close(): Promise<void>;
}

/**
 * One process: events go straight to the listeners (tests, the simulation, a single server), in
 * the publisher's turn. A listener that throws is logged and does not keep the event from the
 * listeners after it, nor fail the step that published it.
 */
export class LocalEventBus implements SchedulerEventBus {
  private listeners: Array<(event: SchedulerEvent) => void> = [];

  constructor(private readonly logger: Logger) {}

  publish(event: SchedulerEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.logger.error({ err: error, type: event.type }, 'a scheduler event listener threw');
      }
    }
  }
  on(listener: (event: SchedulerEvent) => void): void {
    this.listeners = [...this.listeners, listener];
  }
  async close(): Promise<void> {
    this.listeners = [];
  }
}

/**
 * Several processes: events travel over Redis pub/sub and come back to their publisher through
 * the same subscription, so every process (this one included) handles each event once. When
 * Redis refuses the publish, this process still handles it; the others catch up on their tick.
 * Owns both connections (a subscribed connection can do nothing else).
 */
export class RedisEventBus implements SchedulerEventBus {
  private readonly local: LocalEventBus;
  private readonly channel: string;
  private closed = false;

  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    prefix: string,
    private readonly logger: Logger,
  ) {
    this.local = new LocalEventBus(logger);
    this.channel = `${prefix}:scheduler:events`;
    subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return;
      const event = SchedulerEventSchema.safeParse(parseJson(message));
      if (!event.success) {
        this.logger.warn(
          { err: event.error, channel, length: message.length },
          'ignored a malformed scheduler event',
        );
        return;
      }
      this.local.publish(event.data);
    });
  }

  async start(): Promise<void> {
    await this.subscriber.subscribe(this.channel);
  }

  publish(event: SchedulerEvent): void {
    // Closed at shutdown: a late event has nobody left to reach here, and is not a failure.
    if (this.closed) return;
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
    this.closed = true;
    await this.local.close();
    this.subscriber.disconnect();
    this.publisher.disconnect();
  }
}

/** Text that is not JSON reads as `undefined`, which no event schema accepts. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
