import { setTimeout as delay } from 'node:timers/promises';
import type { Call } from './demo-client.ts';

interface SlotView {
  start: number;
  state: 'free' | 'full' | 'mine' | 'closed';
}
interface QueueView {
  position: number | null;
  offer: { benchId: string } | null;
}
interface BookingView {
  labId: string;
  status: string;
  sessionId: string | null;
}
interface SessionView {
  recording: { rows: number };
}

/** How long the seed waits for the scheduler or the recorder before it gives up on a step. */
const STEP_TIMEOUT_MS = 15_000;
const POLL_MS = 150;

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`demo seed: ${what} did not happen in time`);
    await delay(POLL_MS);
  }
}

/** Books the first free slot of the lab starting at least `hoursAhead` from now. */
export async function bookAhead(student: Call, labId: string, hoursAhead: number): Promise<void> {
  const after = Date.now() + hoursAhead * 3_600_000;
  for (const week of [undefined, 'next']) {
    const query = week ? `?week=${nextMonday()}` : '';
    const { slots } = await student<{ slots: SlotView[] }>(
      'GET',
      `/api/labs/${labId}/slots${query}`,
    );
    const slot = slots.find((s) => s.state === 'free' && s.start >= after);
    if (slot) {
      await student('POST', `/api/labs/${labId}/bookings`, { slotStart: slot.start });
      return;
    }
  }
  throw new Error(`demo seed: no free slot to book in lab ${labId}`);
}

/** Monday of next week (UTC), as the slots route takes it. */
function nextMonday(): string {
  const day = new Date();
  day.setUTCDate(day.getUTCDate() + ((8 - day.getUTCDay()) % 7 || 7));
  return day.toISOString().slice(0, 10);
}

/**
 * Walks in as a student would: joins the lab's queue, takes the bench offered, and returns the
 * session the scheduler started.
 */
export async function walkIn(student: Call, labId: string): Promise<string> {
  await student('POST', `/api/labs/${labId}/queue`);
  await until('a walk-in offer', async () => {
    const status = await student<QueueView>('GET', `/api/labs/${labId}/queue`);
    return status.offer ? status : undefined;
  });
  await student('POST', `/api/labs/${labId}/queue/accept`);
  return until('the walk-in session', async () => {
    const bookings = await student<BookingView[]>('GET', '/api/bookings');
    return (
      bookings.find((b) => b.labId === labId && b.status === 'active' && b.sessionId)?.sessionId ??
      undefined
    );
  });
}

/** Ends a session once its recording holds data, so the history has something to download. */
export async function endWithRecording(student: Call, sessionId: string): Promise<void> {
  await until('recorded rows', async () => {
    const session = await student<SessionView>('GET', `/api/sessions/${sessionId}`);
    return session.recording.rows > 0 ? session : undefined;
  });
  await student('POST', `/api/sessions/${sessionId}/end`);
}

/** Joins a lab's queue and leaves the entry waiting (the bench is busy). */
export async function queueUp(student: Call, labId: string): Promise<void> {
  await student('POST', `/api/labs/${labId}/queue`);
}
