import type { RouteCase } from './api-route-cases.ts';
import { ROLE_NAMES, rcDescriptor, type RoleName, type StorageFixture } from './storage-fixture.ts';

/**
 * Rows of the route x role matrix for the scheduler's routes (server/src/http/routes/
 * scheduling.routes.ts). Students, instructors and admins book; technicians do not (403); the
 * other course's people are allowed roles but not in this lab (404). Requests that need a place
 * in the queue or an offer make them for the role's own user first.
 */
type Expect = Record<RoleName, number>;
const BOOKERS: RoleName[] = ['student', 'instructor', 'admin'];
function only(status: number, roles: RoleName[], overrides: Partial<Expect> = {}): Expect {
  const map = Object.fromEntries(ROLE_NAMES.map((r) => [r, 403])) as Expect;
  map.anonymous = 401;
  for (const role of roles) map[role] = status;
  return { ...map, ...overrides };
}
const OUTSIDERS = { otherInstructor: 404, otherStudent: 404 } as const;
const SLOT_MS = 20 * 60_000; // the fixture lab's slots

/** A distinct future slot per call (a day ahead, past the cancellation deadline), so no two requests compete. */
let slotCounter = 0;
const nextSlot = () =>
  Math.ceil((Date.now() + 86_400_000) / SLOT_MS) * SLOT_MS + (slotCounter += 1) * SLOT_MS;

async function ok<T>(answer: Promise<{ status: number; body: unknown; text: string }>): Promise<T> {
  const a = await answer;
  if (a.status >= 300) throw new Error(`setup failed (${a.status}): ${a.text}`);
  return a.body as T;
}

/** The role's own user when it may book; otherwise the lab's student (the resource is not theirs). */
const owner = (f: StorageFixture, role: RoleName) =>
  f.users[BOOKERS.includes(role) ? (role as 'student' | 'instructor' | 'admin') : 'student'];
const labPath = (f: StorageFixture, rest = '') => `/api/labs/${f.lab.id}${rest}`;
const SWEEP = { output: 'duty', from: 0, to: 80, step: 40, dwellMs: 50, record: ['vout'] };
const SETTINGS = {
  minSessionMinutes: 10,
  offerSeconds: 120,
  graceSeconds: 120,
  maxBatchSeconds: 300,
};

export const SCHEDULING_ROUTE_CASES: RouteCase[] = [
  {
    route: 'GET /api/labs/{labId}/slots',
    expect: only(200, BOOKERS, OUTSIDERS),
    request: async (f) => ({ path: labPath(f, '/slots') }),
  },
  {
    route: 'POST /api/labs/{labId}/bookings',
    expect: only(201, BOOKERS, OUTSIDERS),
    request: async (f) => ({ path: labPath(f, '/bookings'), body: { slotStart: nextSlot() } }),
  },
  {
    route: 'POST /api/labs/{labId}/practice',
    expect: only(201, BOOKERS, OUTSIDERS),
    // A fresh twin of the lab's pool per request: one twin serves one student at a time, and one
    // student practises on one twin at a time (their practice from earlier rows is ended).
    request: async (f, role) => {
      const client = owner(f, role).client;
      const mine = await ok<Array<{ kind: string; status: string; sessionId: string | null }>>(
        client.call('GET', '/api/bookings'),
      );
      for (const b of mine)
        if (b.kind === 'practice' && b.status === 'active' && b.sessionId)
          await ok(client.call('POST', `/api/sessions/${b.sessionId}/end`));
      const twinId = f.unique('rc-filter-twin').replace(/-[0-9a-f]{6}$/, '');
      await f.onlineBench({ ...rcDescriptor(twinId), twin: true });
      return { path: labPath(f, '/practice') };
    },
  },
  {
    route: 'GET /api/bookings',
    expect: only(200, [...BOOKERS, 'otherInstructor', 'otherStudent']),
    request: async () => ({ path: '/api/bookings' }),
  },
  {
    route: 'POST /api/bookings/{bookingId}/cancel',
    expect: only(200, BOOKERS, OUTSIDERS),
    request: async (f, role) => {
      // Reuses a booking still open, so repeated requests stay within the weekly quota.
      const client = owner(f, role).client;
      const mine = await ok<Array<{ id: string; status: string; kind: string }>>(
        client.call('GET', '/api/bookings'),
      );
      const open = mine.find((b) => b.status === 'booked' && b.kind === 'slot');
      const booking =
        open ??
        (await ok<{ id: string }>(
          client.call('POST', labPath(f, '/bookings'), { slotStart: nextSlot() }),
        ));
      return { path: `/api/bookings/${booking.id}/cancel` };
    },
  },
  {
    route: 'GET /api/labs/{labId}/queue',
    expect: only(200, BOOKERS, OUTSIDERS),
    request: async (f) => ({ path: labPath(f, '/queue') }),
  },
  {
    route: 'POST /api/labs/{labId}/queue/accept',
    expect: only(200, BOOKERS, OUTSIDERS),
    request: async (f, role) => {
      if (!BOOKERS.includes(role)) return { path: labPath(f, '/queue/accept') };
      // The role's user joins and gets a bench: fresh benches until one reaches them (FIFO).
      const client = owner(f, role).client;
      await client.call('POST', labPath(f, '/queue'));
      for (let i = 0; i < 10; i++) {
        const status = await ok<{ offer: unknown }>(client.call('GET', labPath(f, '/queue')));
        if (status.offer) break;
        await f.onlineBench();
        await client.call('DELETE', labPath(f, '/queue'));
        await client.call('POST', labPath(f, '/queue'));
      }
      return { path: labPath(f, '/queue/accept') };
    },
  },
  {
    route: 'DELETE /api/labs/{labId}/queue',
    expect: only(200, BOOKERS, OUTSIDERS),
    request: async (f, role) => {
      // Joins first (already queued is fine), so there is a place to leave.
      if (BOOKERS.includes(role)) await owner(f, role).client.call('POST', labPath(f, '/queue'));
      return { path: labPath(f, '/queue') };
    },
  },
  {
    route: 'POST /api/labs/{labId}/queue',
    expect: only(201, BOOKERS, OUTSIDERS),
    request: async (f) => ({ path: labPath(f, '/queue') }),
  },
  {
    route: 'POST /api/labs/{labId}/batch-runs',
    expect: only(201, BOOKERS, OUTSIDERS),
    request: async (f) => ({ path: labPath(f, '/batch-runs'), body: { sweep: SWEEP } }),
  },
  {
    route: 'GET /api/batch-runs',
    expect: only(200, [...BOOKERS, 'otherInstructor', 'otherStudent']),
    request: async () => ({ path: '/api/batch-runs' }),
  },
  {
    route: 'GET /api/batch-runs/{batchId}',
    expect: only(200, BOOKERS, OUTSIDERS),
    request: async (f, role) => {
      // Reuses the owner's latest run, so repeated requests never hit the limit on waiting runs.
      const client = owner(f, role).client;
      const [latest] = await ok<Array<{ id: string }>>(client.call('GET', '/api/batch-runs'));
      const run =
        latest ??
        (await ok<{ id: string }>(
          client.call('POST', labPath(f, '/batch-runs'), { sweep: SWEEP }),
        ));
      return { path: `/api/batch-runs/${run.id}` };
    },
  },
  {
    route: 'GET /api/labs/{labId}/schedule-settings',
    expect: only(200, ['instructor', 'admin'], { otherInstructor: 404 }),
    request: async (f) => ({ path: labPath(f, '/schedule-settings') }),
  },
  {
    route: 'PUT /api/labs/{labId}/schedule-settings',
    expect: only(200, ['instructor', 'admin'], { otherInstructor: 404 }),
    request: async (f) => ({ path: labPath(f, '/schedule-settings'), body: SETTINGS }),
  },
];
