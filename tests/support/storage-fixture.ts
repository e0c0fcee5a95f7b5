import { randomBytes } from 'node:crypto';
import pino from 'pino';
import type { BenchDescriptor, Role } from '@remotelab/protocol';
import {
  TABLES,
  createAccount,
  readServerConfig,
  startPlatform,
  type MailMessage,
  type RunningPlatform,
} from '@remotelab/server';
import {
  createScratchDatabase,
  type DatabaseKind,
  type ScratchDatabase,
} from '@remotelab/server/testing';
import { ApiClient } from './api-client.ts';

export const PASSWORD = 'correct horse battery staple';
const silent = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const CHEAP_SCRYPT = { log2N: 10, r: 8, p: 3 };

export type RoleName =
  | 'anonymous'
  | 'student'
  | 'instructor'
  | 'technician'
  | 'admin'
  | 'otherInstructor'
  | 'otherStudent';
export const ROLE_NAMES: RoleName[] = [
  'anonymous',
  'student',
  'instructor',
  'technician',
  'admin',
  'otherInstructor',
  'otherStudent',
];

const BASE_ROLE: Record<Exclude<RoleName, 'anonymous'>, Role> = {
  student: 'student',
  instructor: 'instructor',
  technician: 'technician',
  admin: 'admin',
  otherInstructor: 'instructor',
  otherStudent: 'student',
};

/** The RC bench as its agent announces it (rc-filter.yaml), under any id of pool rc-filter. */
export function rcDescriptor(id = 'rc-filter'): BenchDescriptor {
  return {
    id,
    name: `RC low-pass filter ${id}`,
    description: 'tau = 0.1 s',
    samplingIntervalMs: 1,
    baud: 57600,
    pool: 'rc-filter',
    inputs: [
      {
        id: 'vout',
        label: 'Capacitor voltage (A0)',
        kind: 'analog-in',
        unit: 'V',
        range: { min: 0, max: 5 },
        resolution: 5 / 1023,
      },
      {
        id: 'ref',
        label: 'Reference sine (A1)',
        kind: 'analog-in',
        unit: 'V',
        range: { min: 0, max: 5 },
        resolution: 5 / 1023,
      },
    ],
    outputs: [
      {
        kind: 'pwm-out',
        id: 'duty',
        label: 'PWM duty on pin 9',
        unit: '%',
        min: 0,
        max: 100,
        step: 1,
        safe: 0,
      },
      { kind: 'digital-out', id: 'led', label: 'LED on pin 13', safe: false },
    ],
  };
}

export interface SeededUser {
  id: string;
  email: string;
  role: Role;
  client: ApiClient;
}

/**
 * A platform on a fresh database of `kind`, with one user per role (signed in), two courses
 * (one per instructor, each with a group holding one student), a lab in the first course open
 * to its group, and an online bench announced the way an agent does. Mail is captured; the clock
 * can be moved forward.
 */
export async function startStorageFixture(
  kind: DatabaseKind,
  options: {
    /** LAB_AUTO_ENROLL_BENCHES: true here so fake agents drive the benches they announce. */
    autoEnrollBenches?: boolean;
    /** Extra agentId:token pairs for LAB_AGENT_TOKENS. */
    agentTokens?: string[];
  } = {},
) {
  const scratch: ScratchDatabase = await createScratchDatabase(kind);
  const prefix = `remotelab-test-${randomBytes(4).toString('hex')}`;
  const mail: MailMessage[] = [];
  let offset = 0;
  const now = () => Date.now() + offset;
  const config = readServerConfig(
    {
      REDIS_URL: process.env.REDIS_URL,
      LAB_REDIS_PREFIX: prefix,
      DATABASE_URL: scratch.url,
      LAB_PASSWORD_COST: '10',
      LAB_AGENT_TOKENS: ['env-agent:env-agent-token', ...(options.agentTokens ?? [])].join(','),
      LAB_AUTO_ENROLL_BENCHES: String(options.autoEnrollBenches ?? true),
      // Port 0 has no address to mail: name the one the links point at.
      LAB_PUBLIC_URL: 'http://localhost:8080',
    },
    { port: '0', host: '127.0.0.1' },
  );
  const platform: RunningPlatform = await startPlatform(config, silent, {
    now,
    mailer: { send: async (message) => void mail.push(message) },
    recordingChunkMs: 500,
  });
  let counter = 0;
  const unique = (stem: string) => `${stem}-${(counter += 1)}-${randomBytes(3).toString('hex')}`;

  async function account(role: Role, label: string = role): Promise<SeededUser> {
    const email = `${unique(label)}@example.org`;
    const user = await createAccount(
      platform.db,
      { email, displayName: label, role, password: PASSWORD },
      CHEAP_SCRYPT,
      silent,
      now,
    );
    const client = new ApiClient(platform.url);
    const answer = await client.signIn(email, PASSWORD);
    if (answer.status !== 200) throw new Error(`fixture sign-in failed: ${answer.text}`);
    return { id: user.id, email, role, client };
  }

  const users = {} as Record<Exclude<RoleName, 'anonymous'>, SeededUser>;
  for (const [name, role] of Object.entries(BASE_ROLE))
    users[name as keyof typeof users] = await account(role, name);

  /**
   * Enrolls a bench to the fixture's agent (approved by the technician when the platform does not
   * enroll by itself) and attaches it as its agent's hello does.
   */
  async function enrollBench(descriptor: BenchDescriptor): Promise<string> {
    const { enrollment } = platform.services;
    const refused = await enrollment.admit('fixture-agent', [descriptor], null);
    if (refused.length > 0) {
      await enrollment.approve(users.technician.id, descriptor.id, 'fixture-agent', '127.0.0.1');
    }
    platform.registry.attachAgent('fixture-agent', `fixture-socket-${descriptor.id}`, [descriptor]);
    return descriptor.id;
  }

  /** Announces a bench (an id of pool rc-filter, or a whole descriptor) and marks it online. */
  async function onlineBench(
    bench: string | BenchDescriptor = unique('rc-filter').replace(/-[0-9a-f]{6}$/, ''),
  ): Promise<string> {
    const id = await enrollBench(typeof bench === 'string' ? rcDescriptor(bench) : bench);
    platform.registry.updateState({
      benchId: id,
      status: 'online',
      sampleRateHz: 1000,
      outputs: { duty: 0, led: false },
    });
    return id;
  }
  const benchId = await onlineBench('rc-filter');

  const ok = async <T>(
    answer: Promise<{ status: number; body: unknown; text: string }>,
  ): Promise<T> => {
    const a = await answer;
    if (a.status >= 300) throw new Error(`fixture request failed (${a.status}): ${a.text}`);
    return a.body as T;
  };
  async function course(owner: SeededUser, student: SeededUser) {
    const created = await ok<{ id: string; code: string }>(
      owner.client.call('POST', '/api/courses', {
        code: unique('ELEC').slice(0, 30),
        title: 'Circuits 1',
      }),
    );
    const group = await ok<{ id: string }>(
      owner.client.call('POST', `/api/courses/${created.id}/groups`, { name: 'G1' }),
    );
    await ok(
      owner.client.call('POST', `/api/courses/${created.id}/groups/${group.id}/members`, {
        emails: [student.email],
      }),
    );
    return { ...created, groupId: group.id };
  }
  const mainCourse = await course(users.instructor, users.student);
  const otherCourse = await course(users.otherInstructor, users.otherStudent);
  const labBody = (groupIds: string[]) => ({
    title: 'RC step response',
    pool: 'rc-filter',
    instructions: '# Step response\nMove the duty and watch **vout**.',
    steps: [{ title: 'Set 50 %', body: 'Watch the charge.' }],
    inputs: ['vout', 'ref'],
    controls: [{ output: 'duty', min: 0, max: 80 }, { output: 'led' }],
    slotMinutes: 20,
    policy: { quotaPerWeek: 3, horizonDays: 14, cancelDeadlineMinutes: 60 },
    groupIds,
  });
  const lab = await ok<{ id: string }>(
    users.instructor.client.call(
      'POST',
      `/api/courses/${mainCourse.id}/labs`,
      labBody([mainCourse.groupId]),
    ),
  );

  function client(role: RoleName): ApiClient {
    return role === 'anonymous' ? new ApiClient(platform.url) : users[role].client;
  }

  function actorOf(user: SeededUser) {
    return { id: user.id, role: user.role, email: user.email, displayName: user.role };
  }

  /**
   * A session of the student on the lab, the scheduler's way: practice on a twin of the lab's
   * pool (a fresh one is announced; the student's previous practice, if any, is ended first, as
   * one student practises on one twin at a time). The recorder is running.
   */
  async function studentSession(): Promise<{ sessionId: string; benchId: string }> {
    const student = users.student.client;
    const mine = await ok<Array<{ kind: string; status: string; sessionId: string | null }>>(
      student.call('GET', '/api/bookings'),
    );
    for (const b of mine)
      if (b.kind === 'practice' && b.status === 'active' && b.sessionId)
        await ok(student.call('POST', `/api/sessions/${b.sessionId}/end`));
    const twinId = unique('rc-filter-twin').replace(/-[0-9a-f]{6}$/, '');
    await onlineBench({ ...rcDescriptor(twinId), twin: true });
    const booking = await ok<{ sessionId: string | null; benchId: string }>(
      student.call('POST', `/api/labs/${lab.id}/practice`),
    );
    if (!booking.sessionId) throw new Error('fixture practice did not start a session');
    return { sessionId: booking.sessionId, benchId: booking.benchId };
  }

  /** Row count of every table, in one query. */
  async function rowCounts(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const table of TABLES) {
      const row = await platform.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      counts[table] = Number(row.n);
    }
    return counts;
  }

  async function stop(): Promise<void> {
    const keys = await platform.services.redis.keys(`${prefix}:*`).catch(() => [] as string[]);
    if (keys.length > 0) await platform.services.redis.del(...keys);
    await platform.close();
    await scratch.drop();
  }

  return {
    kind,
    prefix,
    databaseUrl: scratch.url,
    platform,
    mail,
    users,
    benchId,
    mainCourse,
    otherCourse,
    lab,
    labBody,
    unique,
    account,
    enrollBench,
    onlineBench,
    client,
    actorOf,
    studentSession,
    rowCounts,
    advanceClock: (ms: number) => void (offset += ms),
    stop,
  };
}

export type StorageFixture = Awaited<ReturnType<typeof startStorageFixture>>;
