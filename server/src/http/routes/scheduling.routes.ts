import { z } from 'zod';
import {
  BatchRunSchema,
  BatchSweepSchema,
  BookRequestSchema,
  BookingSchema,
  IdSchema,
  LabScheduleSettingsSchema,
  ProtocolError,
  QueueStatusSchema,
  SlotsQuerySchema,
  WeekSlotsSchema,
} from '@remotelab/protocol';
import type { Actor } from '../../core/actor.ts';
import { defineRoute, type AnyRoute } from '../route-table.ts';
import type { Scheduler } from '../../scheduling/scheduler.ts';
import { scheduleSettingsOf, setScheduleSettings } from '../../scheduling/lab-schedule-source.ts';

const LabParams = z.strictObject({ labId: IdSchema });
const BookingParams = z.strictObject({ bookingId: IdSchema });
const BatchParams = z.strictObject({ batchId: IdSchema });
const MineQuery = z.strictObject({ from: z.coerce.number().int().optional() });
/** Booking benches is for the people who run experiments; technicians keep the benches running. */
const bookers = ['student', 'instructor', 'admin'] as const;

/** Who manages a lab (its course's instructor, an admin): the platform's LabService answers. */
export interface LabManagers {
  manages(actor: Actor, labId: string): Promise<boolean>;
}

/** Bookings, the walk-in queue and batch runs (scheduling/), in the REST route table. */
export function schedulingRoutes(scheduler: Scheduler, labs: LabManagers): AnyRoute[] {
  const managed = async (actor: Actor, labId: string) => {
    if (!(await labs.manages(actor, labId)))
      throw new ProtocolError('NOT_FOUND', 'There is no such lab, or you do not teach it.');
  };
  return [
    defineRoute({
      method: 'get',
      path: '/labs/:labId/slots',
      tag: 'scheduling',
      summary:
        "A week of the lab's slots in your time zone (or `tz`): free or full, yours, and your quota left.",
      access: bookers,
      params: LabParams,
      query: SlotsQuerySchema,
      response: { status: 200, schema: WeekSlotsSchema },
      handler: async ({ params, query, ctx }) =>
        scheduler.bookings.weekSlots(ctx.actor, params.labId, query),
    }),
    defineRoute({
      method: 'post',
      path: '/labs/:labId/bookings',
      tag: 'scheduling',
      summary:
        'Book a slot (its UTC start). SLOT_FULL, QUOTA_EXCEEDED or BOOKING_CLOSED when it cannot be had.',
      access: bookers,
      params: LabParams,
      body: BookRequestSchema,
      response: { status: 201, schema: BookingSchema },
      handler: async ({ params, body, ctx }) =>
        scheduler.bookings.book(ctx.actor, params.labId, body.slotStart),
    }),
    defineRoute({
      method: 'post',
      path: '/labs/:labId/practice',
      tag: 'scheduling',
      summary:
        "Practise on the lab's twin now: a session of one slot on a virtual board, with the lab's " +
        'controls, not counted against the quota. BENCH_OFFLINE without a twin, CONFLICT when in use.',
      access: bookers,
      params: LabParams,
      response: { status: 201, schema: BookingSchema },
      handler: async ({ params, ctx }) => scheduler.practice.start(ctx.actor, params.labId),
    }),
    defineRoute({
      method: 'get',
      path: '/bookings',
      tag: 'scheduling',
      summary:
        'Your bookings, walk-in sessions and batch holds ending after `from` (default: a week ago).',
      access: bookers,
      query: MineQuery,
      response: { status: 200, schema: z.array(BookingSchema) },
      handler: async ({ query, ctx }) => scheduler.bookings.mine(ctx.actor, query.from),
    }),
    defineRoute({
      method: 'post',
      path: '/bookings/:bookingId/cancel',
      tag: 'scheduling',
      summary:
        "Cancel a booking before the lab's cancellation deadline; it no longer counts against your quota.",
      access: bookers,
      params: BookingParams,
      response: { status: 200, schema: BookingSchema },
      handler: async ({ params, ctx }) => scheduler.bookings.cancel(ctx.actor, params.bookingId),
    }),
    defineRoute({
      method: 'get',
      path: '/labs/:labId/queue',
      tag: 'scheduling',
      summary:
        'Your place in the walk-in queue, the estimated wait, and the bench on offer to you if any.',
      access: bookers,
      params: LabParams,
      response: { status: 200, schema: QueueStatusSchema },
      handler: async ({ params, ctx }) => {
        await scheduler.ctx.access.checkCanUse(ctx.actor, params.labId);
        return scheduler.queue.status(ctx.actor, params.labId);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/labs/:labId/queue',
      tag: 'scheduling',
      summary:
        'Join the walk-in queue: a free bench goes to its head for as long as the gap before its next booking.',
      access: bookers,
      params: LabParams,
      response: { status: 201, schema: QueueStatusSchema },
      handler: async ({ params, ctx }) => scheduler.queue.join(ctx.actor, params.labId),
    }),
    defineRoute({
      method: 'delete',
      path: '/labs/:labId/queue',
      tag: 'scheduling',
      summary: 'Leave the walk-in queue (an open offer is given up).',
      access: bookers,
      params: LabParams,
      response: { status: 200, schema: QueueStatusSchema },
      handler: async ({ params, ctx }) => scheduler.queue.leave(ctx.actor, params.labId),
    }),
    defineRoute({
      method: 'post',
      path: '/labs/:labId/queue/accept',
      tag: 'scheduling',
      summary:
        'Take the bench on offer: the session starts now and ends before the bench is next booked.',
      access: bookers,
      params: LabParams,
      response: { status: 200, schema: QueueStatusSchema },
      handler: async ({ params, ctx }) => scheduler.queue.accept(ctx.actor, params.labId),
    }),
    defineRoute({
      method: 'post',
      path: '/labs/:labId/batch-runs',
      tag: 'scheduling',
      summary:
        'Submit a sweep, checked against the lab; it runs when a bench is free and its recording is the result.',
      access: bookers,
      params: LabParams,
      body: z.strictObject({ sweep: BatchSweepSchema }),
      response: { status: 201, schema: BatchRunSchema },
      handler: async ({ params, body, ctx }) =>
        scheduler.batches.submit(ctx.actor, params.labId, body.sweep),
    }),
    defineRoute({
      method: 'get',
      path: '/batch-runs',
      tag: 'scheduling',
      summary: 'Your batch runs, newest first.',
      access: bookers,
      response: { status: 200, schema: z.array(BatchRunSchema) },
      handler: async ({ ctx }) => scheduler.batches.mine(ctx.actor),
    }),
    defineRoute({
      method: 'get',
      path: '/batch-runs/:batchId',
      tag: 'scheduling',
      summary: 'One batch run and its status.',
      access: bookers,
      params: BatchParams,
      response: { status: 200, schema: BatchRunSchema },
      handler: async ({ params, ctx }) => scheduler.batches.get(ctx.actor, params.batchId),
    }),
    defineRoute({
      method: 'get',
      path: '/labs/:labId/schedule-settings',
      tag: 'scheduling',
      summary: "The lab's walk-in, grace-window and batch settings (its instructor, admins).",
      access: ['instructor', 'admin'],
      params: LabParams,
      response: { status: 200, schema: LabScheduleSettingsSchema },
      handler: async ({ params, ctx }) => {
        await managed(ctx.actor, params.labId);
        return scheduleSettingsOf(scheduler.ctx.db, params.labId);
      },
    }),
    defineRoute({
      method: 'put',
      path: '/labs/:labId/schedule-settings',
      tag: 'scheduling',
      summary: "Replace the lab's walk-in, grace-window and batch settings.",
      access: ['instructor', 'admin'],
      params: LabParams,
      body: LabScheduleSettingsSchema,
      response: { status: 200, schema: LabScheduleSettingsSchema },
      handler: async ({ params, body, ctx }) => {
        await managed(ctx.actor, params.labId);
        await setScheduleSettings(scheduler.ctx.db, params.labId, body);
        return scheduleSettingsOf(scheduler.ctx.db, params.labId);
      },
    }),
  ];
}
