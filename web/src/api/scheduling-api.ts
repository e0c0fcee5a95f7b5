import type { Booking, QueueStatus, WeekSlots } from '@remotelab/protocol';
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
    get<WeekSlots>(`/labs/${segment(labId)}/slots${query({ week, tz })}`),
  book: (labId: string, slotStart: number) =>
    post<Booking>(`/labs/${segment(labId)}/bookings`, { slotStart }),
  cancel: (bookingId: string) => post<Booking>(`/bookings/${segment(bookingId)}/cancel`),
  mine: (from?: number) => get<Booking[]>(`/bookings${query({ from })}`),
  queue: (labId: string) => get<QueueStatus>(`/labs/${segment(labId)}/queue`),
  joinQueue: (labId: string) => post<QueueStatus>(`/labs/${segment(labId)}/queue`),
  leaveQueue: (labId: string) => del<QueueStatus>(`/labs/${segment(labId)}/queue`),
  acceptOffer: (labId: string) => post<QueueStatus>(`/labs/${segment(labId)}/queue/accept`),
  /** A session on the pool's twin now; the booking answered carries its session id. */
  practice: (labId: string) => post<Booking>(`/labs/${segment(labId)}/practice`),
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
