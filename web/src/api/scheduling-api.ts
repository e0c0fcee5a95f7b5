import {
  BatchRunSchema,
  BookingSchema,
  QueueStatusSchema,
  WeekSlotsSchema,
  z,
  type BatchSweep,
} from '@remotelab/protocol';
import { ApiError } from './api-error.ts';
import { del, get, post, query, segment } from './http.ts';

/**
 * The scheduler's REST routes (server/src/http/routes/scheduling.routes.ts; shapes from
 * protocol/src/api/scheduling.schema.ts). A server started without the scheduler answers
 * 404 "No such API route.", which `isUnrouted` tells apart from a lab that does not exist, so
 * the page can say "booking is not available here" instead of failing.
 */
export const schedulingApi = {
  week: (labId: string, week?: string, tz?: string) =>
    get(`/labs/${segment(labId)}/slots${query({ week, tz })}`, WeekSlotsSchema),
  book: (labId: string, slotStart: number) =>
    post(`/labs/${segment(labId)}/bookings`, BookingSchema, { slotStart }),
  cancel: (bookingId: string) => post(`/bookings/${segment(bookingId)}/cancel`, BookingSchema),
  mine: (from?: number) => get(`/bookings${query({ from })}`, z.array(BookingSchema)),
  queue: (labId: string) => get(`/labs/${segment(labId)}/queue`, QueueStatusSchema),
  joinQueue: (labId: string) => post(`/labs/${segment(labId)}/queue`, QueueStatusSchema),
  leaveQueue: (labId: string) => del(`/labs/${segment(labId)}/queue`, QueueStatusSchema),
  acceptOffer: (labId: string) => post(`/labs/${segment(labId)}/queue/accept`, QueueStatusSchema),
  /** A session on the pool's twin now; the booking answered carries its session id. */
  practice: (labId: string) => post(`/labs/${segment(labId)}/practice`, BookingSchema),
  /** A batch sweep, checked by the server against the lab and a bench of its pool, then queued. */
  submitBatch: (labId: string, sweep: BatchSweep) =>
    post(`/labs/${segment(labId)}/batch-runs`, BatchRunSchema, { sweep }),
  myBatches: () => get('/batch-runs', z.array(BatchRunSchema)),
};

/** The server has no such route (yet): not the same as "no such lab". */
export function isUnrouted(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    error.status === 404 &&
    error.code === 'NOT_FOUND' &&
    /no such api route/i.test(error.message)
  );
}
