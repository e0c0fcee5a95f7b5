import type { ApiClient } from './api-client.ts';
import { connectFakeAgent } from './fake-agent.ts';
import { SCHEDULING_ROUTE_CASES } from './scheduling-route-cases.ts';
import {
  PASSWORD,
  ROLE_NAMES,
  rcDescriptor,
  type RoleName,
  type StorageFixture,
} from './storage-fixture.ts';

/** One request for one role: a path with its ids filled in, a valid body, maybe its own client. */
export interface RouteRequest {
  path: string;
  body?: unknown;
  client?: ApiClient;
}

/**
 * Who may call a route, and a way to make a valid request to it. `expect` is the status each role
 * gets: 2xx when allowed, 401 anonymous, 403 role not allowed, 404 allowed role but not their
 * resource (another course's instructor or student). `request` builds fresh data per attempt, so
 * one role's success never changes what the next role meets.
 */
export interface RouteCase {
  route: string;
  expect: Record<RoleName, number>;
  request(f: StorageFixture, role: RoleName): Promise<RouteRequest>;
}

type Expect = Record<RoleName, number>;
const everyone = (status: number): Expect =>
  Object.fromEntries(ROLE_NAMES.map((r) => [r, status])) as Expect;
const signedIn = (status: number): Expect => ({ ...everyone(status), anonymous: 401 });
/** Only `roles` get `status`; other signed-in roles 403; anonymous 401. */
function only(status: number, roles: RoleName[], overrides: Partial<Expect> = {}): Expect {
  const map = { ...everyone(403), anonymous: 401 };
  for (const role of roles) map[role] = status;
  return { ...map, ...overrides };
}
const TEACHERS: RoleName[] = ['instructor', 'admin', 'otherInstructor'];
const LEARNERS: RoleName[] = ['student', 'instructor', 'admin', 'otherInstructor', 'otherStudent'];
const FLEET: RoleName[] = ['technician', 'admin'];

const pathOf = (template: string, ids: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (_m, name: string) => ids[name]!);

async function ok<T>(answer: Promise<{ status: number; body: unknown; text: string }>): Promise<T> {
  const a = await answer;
  if (a.status >= 300) throw new Error(`setup failed (${a.status}): ${a.text}`);
  return a.body as T;
}

/** A user of `role` (the seeded ones' base role) made for this attempt only, signed in. */
async function throwaway(f: StorageFixture, role: RoleName) {
  const base =
    role === 'otherInstructor'
      ? 'instructor'
      : role === 'otherStudent'
        ? 'student'
        : role === 'anonymous'
          ? 'student'
          : role;
  return f.account(base);
}

async function freshMember(f: StorageFixture): Promise<string> {
  const student = await f.account('student');
  await ok(
    f.users.instructor.client.call(
      'POST',
      `/api/courses/${f.mainCourse.id}/groups/${f.mainCourse.groupId}/members`,
      { emails: [student.email] },
    ),
  );
  return student.id;
}

async function resetToken(f: StorageFixture): Promise<string> {
  const user = await f.account('student');
  await ok(f.client('anonymous').call('POST', '/api/auth/password-reset', { email: user.email }));
  return /token=([A-Za-z0-9_-]{43})/.exec(f.mail[f.mail.length - 1]!.text)![1]!;
}

async function agentId(f: StorageFixture): Promise<string> {
  const id = f.unique('pc');
  await ok(f.users.admin.client.call('POST', '/api/agents', { id, name: 'PC' }));
  return id;
}

/** A bench driven by a (fake) agent connected with a token from the database, for agent requests. */
async function agentBench(f: StorageFixture): Promise<string> {
  const id = f.unique('pc');
  const { token } = await ok<{ token: string }>(
    f.users.admin.client.call('POST', '/api/agents', { id, name: 'PC' }),
  );
  const agent = await connectFakeAgent(f.platform.url, { token, agentId: id });
  const benchId = f.unique('rc-filter').replace(/-[0-9a-f]{6}$/, '');
  await agent.announce([rcDescriptor(benchId)]);
  // The server closes the agent's socket when the fixture stops.
  return benchId;
}

/** A new bench's pending enrollment request, as an agent's refused announcement leaves it. */
async function enrollmentRequest(f: StorageFixture): Promise<string> {
  const benchId = f.unique('rc-filter').replace(/-[0-9a-f]{6}$/, '');
  const agentId = f.unique('pc');
  const now = Date.now();
  await f.platform.db
    .insertInto('bench_enrollments')
    .values({
      bench_id: benchId,
      agent_id: agentId,
      name: `RC ${benchId}`,
      descriptor_json: JSON.stringify(rcDescriptor(benchId)),
      status: 'pending',
      first_at: now,
      last_at: now,
      attempts: 1,
    })
    .execute();
  return `/api/bench-enrollments/${benchId}/${agentId}`;
}

/** Takes a bench out of service, as a technician does before driving it or testing it. */
async function inMaintenance(f: StorageFixture, benchId: string): Promise<string> {
  await f.platform.benchesPersisted();
  await ok(
    f.users.technician.client.call('PUT', `/api/benches/${benchId}/maintenance`, {
      reason: 'bench check',
    }),
  );
  return benchId;
}

const main = (f: StorageFixture) => ({
  courseId: f.mainCourse.id,
  groupId: f.mainCourse.groupId,
  labId: f.lab.id,
});

export const ROUTE_CASES: RouteCase[] = [
  {
    route: 'POST /api/auth/sign-in',
    expect: everyone(200),
    request: async (f, role) => {
      const user = role === 'anonymous' ? f.users.student : f.users[role];
      return { path: '/api/auth/sign-in', body: { email: user.email, password: PASSWORD } };
    },
  },
  {
    route: 'POST /api/auth/sign-out',
    expect: signedIn(204),
    request: async (f, role) => ({
      path: '/api/auth/sign-out',
      client: role === 'anonymous' ? undefined : (await throwaway(f, role)).client,
    }),
  },
  {
    route: 'GET /api/auth/me',
    expect: signedIn(200),
    request: async () => ({ path: '/api/auth/me' }),
  },
  {
    route: 'PATCH /api/auth/me',
    expect: signedIn(200),
    request: async () => ({
      path: '/api/auth/me',
      body: { timezone: 'Africa/Tunis', locale: 'fr' },
    }),
  },
  {
    route: 'POST /api/auth/password',
    expect: signedIn(204),
    request: async (f, role) => ({
      path: '/api/auth/password',
      body: { currentPassword: PASSWORD, newPassword: 'a different long password' },
      client: role === 'anonymous' ? undefined : (await throwaway(f, role)).client,
    }),
  },
  {
    route: 'POST /api/auth/password-reset',
    expect: everyone(202),
    request: async (f) => ({
      path: '/api/auth/password-reset',
      body: { email: f.users.otherStudent.email },
    }),
  },
  {
    route: 'POST /api/auth/password-reset/confirm',
    expect: everyone(204),
    request: async (f) => ({
      path: '/api/auth/password-reset/confirm',
      body: { token: await resetToken(f), password: 'a new long password' },
    }),
  },
  {
    route: 'GET /api/users',
    expect: only(200, ['admin']),
    request: async () => ({ path: '/api/users' }),
  },
  {
    route: 'POST /api/users',
    expect: only(201, ['admin']),
    request: async (f) => ({
      path: '/api/users',
      body: { email: `${f.unique('new')}@example.org`, displayName: 'New User', role: 'student' },
    }),
  },
  {
    route: 'POST /api/users/import',
    expect: only(201, ['admin']),
    request: async (f) => ({
      path: '/api/users/import',
      body: { csv: `email,name,role\n${f.unique('imp')}@example.org,Imported,student\n` },
    }),
  },
  {
    route: 'GET /api/users/{userId}',
    expect: only(200, ['admin']),
    request: async (f) => ({ path: `/api/users/${f.users.student.id}` }),
  },
  {
    route: 'PATCH /api/users/{userId}',
    expect: only(200, ['admin']),
    request: async (f) => ({
      path: `/api/users/${(await f.account('student')).id}`,
      body: { displayName: 'Renamed' },
    }),
  },
  {
    route: 'GET /api/courses',
    expect: only(200, LEARNERS),
    request: async () => ({ path: '/api/courses' }),
  },
  {
    route: 'POST /api/courses',
    expect: only(201, TEACHERS),
    request: async (f, role) => ({
      path: '/api/courses',
      body: {
        code: f.unique('C').slice(0, 30),
        title: 'Signals',
        ...(role === 'admin' ? { ownerId: f.users.instructor.id } : {}),
      },
    }),
  },
  {
    route: 'GET /api/courses/{courseId}',
    expect: only(200, LEARNERS, { otherInstructor: 404, otherStudent: 404 }),
    request: async (f) => ({ path: pathOf('/api/courses/{courseId}', main(f)) }),
  },
  {
    route: 'GET /api/courses/{courseId}/groups',
    expect: only(200, TEACHERS, { otherInstructor: 404 }),
    request: async (f) => ({ path: pathOf('/api/courses/{courseId}/groups', main(f)) }),
  },
  {
    route: 'POST /api/courses/{courseId}/groups',
    expect: only(201, TEACHERS, { otherInstructor: 404 }),
    request: async (f) => ({
      path: pathOf('/api/courses/{courseId}/groups', main(f)),
      body: { name: f.unique('G') },
    }),
  },
  {
    route: 'GET /api/courses/{courseId}/groups/{groupId}/members',
    expect: only(200, TEACHERS, { otherInstructor: 404 }),
    request: async (f) => ({
      path: pathOf('/api/courses/{courseId}/groups/{groupId}/members', main(f)),
    }),
  },
  {
    route: 'POST /api/courses/{courseId}/groups/{groupId}/members',
    expect: only(200, TEACHERS, { otherInstructor: 404 }),
    request: async (f) => ({
      path: pathOf('/api/courses/{courseId}/groups/{groupId}/members', main(f)),
      body: { emails: [(await f.account('student')).email] },
    }),
  },
  {
    route: 'DELETE /api/courses/{courseId}/groups/{groupId}/members/{userId}',
    expect: only(204, TEACHERS, { otherInstructor: 404 }),
    request: async (f) => ({
      path: pathOf('/api/courses/{courseId}/groups/{groupId}/members/{userId}', {
        ...main(f),
        userId: await freshMember(f),
      }),
    }),
  },
  {
    route: 'GET /api/courses/{courseId}/labs',
    expect: only(200, LEARNERS, { otherInstructor: 404, otherStudent: 404 }),
    request: async (f) => ({ path: pathOf('/api/courses/{courseId}/labs', main(f)) }),
  },
  {
    route: 'POST /api/courses/{courseId}/labs',
    expect: only(201, TEACHERS, { otherInstructor: 404 }),
    request: async (f) => ({
      path: pathOf('/api/courses/{courseId}/labs', main(f)),
      body: f.labBody([f.mainCourse.groupId]),
    }),
  },
  {
    route: 'GET /api/labs/{labId}',
    expect: only(200, LEARNERS, { otherInstructor: 404, otherStudent: 404 }),
    request: async (f) => ({ path: pathOf('/api/labs/{labId}', main(f)) }),
  },
  {
    route: 'PUT /api/labs/{labId}',
    expect: only(200, TEACHERS, { otherInstructor: 404 }),
    request: async (f) => ({
      path: pathOf('/api/labs/{labId}', main(f)),
      body: f.labBody([f.mainCourse.groupId]),
    }),
  },
  {
    route: 'GET /api/health',
    expect: everyone(200),
    request: async () => ({ path: '/api/health' }),
  },
  {
    route: 'GET /api/benches',
    expect: everyone(200),
    request: async () => ({ path: '/api/benches' }),
  },
  {
    route: 'GET /api/benches/{benchId}',
    expect: everyone(200),
    request: async (f) => ({ path: `/api/benches/${f.benchId}` }),
  },
  ...(['maintenance', 'quarantine'] as const).flatMap((flag): RouteCase[] => [
    {
      route: `PUT /api/benches/{benchId}/${flag}`,
      expect: only(200, FLEET),
      request: async (f) => ({
        path: `/api/benches/${await f.onlineBench()}/${flag}`,
        body: { reason: 'loose wire on A0' },
      }),
    },
    {
      route: `DELETE /api/benches/{benchId}/${flag}`,
      expect: only(200, FLEET),
      request: async (f) => ({ path: `/api/benches/${await f.onlineBench()}/${flag}` }),
    },
  ]),
  {
    route: 'POST /api/benches/{benchId}/self-test',
    expect: only(200, FLEET),
    request: async (f) => ({
      path: `/api/benches/${await inMaintenance(f, await agentBench(f))}/self-test`,
    }),
  },
  {
    route: 'GET /api/bench-enrollments',
    expect: only(200, FLEET),
    request: async () => ({ path: '/api/bench-enrollments' }),
  },
  {
    route: 'POST /api/bench-enrollments/{benchId}/{agentId}/approve',
    expect: only(200, FLEET),
    request: async (f) => ({ path: `${await enrollmentRequest(f)}/approve` }),
  },
  {
    route: 'DELETE /api/bench-enrollments/{benchId}/{agentId}',
    expect: only(200, FLEET),
    request: async (f) => ({ path: await enrollmentRequest(f) }),
  },
  {
    route: 'POST /api/benches/{benchId}/move',
    expect: only(200, FLEET),
    request: async (f) => ({
      path: `/api/benches/${await f.onlineBench()}/move`,
      body: { agentId: await agentId(f) },
    }),
  },
  {
    route: 'GET /api/agents',
    expect: only(200, FLEET),
    request: async () => ({ path: '/api/agents' }),
  },
  {
    route: 'POST /api/agents',
    expect: only(201, ['admin']),
    request: async (f) => ({ path: '/api/agents', body: { id: f.unique('pc'), name: 'Lab PC' } }),
  },
  {
    route: 'POST /api/agents/{agentId}/token',
    expect: only(201, ['admin']),
    request: async (f) => ({ path: `/api/agents/${await agentId(f)}/token` }),
  },
  {
    route: 'DELETE /api/agents/{agentId}/token',
    expect: only(200, ['admin']),
    request: async (f) => ({ path: `/api/agents/${await agentId(f)}/token` }),
  },
  {
    route: 'GET /api/sessions',
    expect: only(200, [...LEARNERS, 'technician']),
    request: async () => ({ path: '/api/sessions' }),
  },
  {
    route: 'POST /api/sessions',
    // Maintenance sessions only: students get sessions from the scheduler.
    expect: only(201, FLEET),
    request: async (f) => ({
      path: '/api/sessions',
      body: { benchId: await inMaintenance(f, await f.onlineBench()) },
    }),
  },
  {
    route: 'GET /api/sessions/{sessionId}',
    expect: only(200, LEARNERS, { otherInstructor: 404, otherStudent: 404, technician: 404 }),
    request: async (f) => ({ path: `/api/sessions/${(await f.studentSession()).sessionId}` }),
  },
  {
    route: 'POST /api/sessions/{sessionId}/end',
    expect: only(200, LEARNERS, { otherInstructor: 404, otherStudent: 404, technician: 404 }),
    request: async (f) => ({ path: `/api/sessions/${(await f.studentSession()).sessionId}/end` }),
  },
  {
    route: 'POST /api/sessions/{sessionId}/observers',
    // The lab's instructor sees the session but only its owner (or an admin) invites observers.
    expect: only(200, LEARNERS, {
      instructor: 403,
      otherInstructor: 404,
      otherStudent: 404,
      technician: 404,
    }),
    request: async (f) => ({
      path: `/api/sessions/${(await f.studentSession()).sessionId}/observers`,
      body: { email: f.users.technician.email },
    }),
  },
  {
    route: 'GET /api/sessions/{sessionId}/recording.csv',
    expect: only(200, LEARNERS, { otherInstructor: 404, otherStudent: 404, technician: 404 }),
    request: async (f) => ({
      path: `/api/sessions/${(await f.studentSession()).sessionId}/recording.csv`,
    }),
  },
  {
    route: 'GET /api/sessions/{sessionId}/recording.json',
    expect: only(200, LEARNERS, { otherInstructor: 404, otherStudent: 404, technician: 404 }),
    request: async (f) => ({
      path: `/api/sessions/${(await f.studentSession()).sessionId}/recording.json`,
    }),
  },
  {
    route: 'GET /api/audit',
    expect: only(200, ['admin']),
    request: async () => ({ path: '/api/audit' }),
  },
  {
    route: 'GET /api/openapi.json',
    expect: everyone(200),
    request: async () => ({ path: '/api/openapi.json' }),
  },
  { route: 'GET /api/docs', expect: everyone(200), request: async () => ({ path: '/api/docs' }) },
  {
    route: 'GET /api/site/content-policy',
    expect: everyone(200),
    request: async () => ({ path: '/api/site/content-policy' }),
  },
  // The scheduler's routes.
  ...SCHEDULING_ROUTE_CASES,
];

/** Every `METHOD /path` of an OpenAPI document. */
export function documentedRoutes(doc: {
  paths: Record<string, Record<string, unknown>>;
}): string[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
  );
}
