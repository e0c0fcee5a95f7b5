import { spawn } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchDemo, type RunningDemo } from '../../scripts/lib/launch-demo.ts';
import { REPO_ROOT } from '../../scripts/lib/child-process.ts';
import { ApiClient } from './api-client.ts';
import { freePort } from './free-port.ts';
import { ThrottlingProxy, type LinkProfile } from './throttling-proxy.ts';

export const VISIT_PASSWORD = 'correct-horse-battery';
export const VISIT_STUDENT = 'leila@lab.example';
const ADMIN = 'admin@lab.example';

/** The RC lab the student is in: duty exposed up to 80 % (a sweep to 100 % is refused). */
export const VISIT_LAB_MAX_DUTY = 80;

export interface VisitStack {
  demo: RunningDemo;
  /** Every page is opened through it: its URL is the origin the worker is registered for. */
  proxy: ThrottlingProxy;
  labId: string;
  close(): Promise<void>;
}

function createAdmin(env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--conditions=@remotelab/source',
        '--import',
        'tsx',
        path.join(REPO_ROOT, 'server/src/cli/admin-create.ts'),
        '--email',
        ADMIN,
        '--name',
        'Amal Admin',
        '--password-stdin',
      ],
      { cwd: REPO_ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdin.end(`${VISIT_PASSWORD}\n`);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`admin:create failed: ${output}`)),
    );
  });
}

async function ok<T>(client: ApiClient, method: string, route: string, body?: unknown) {
  const answer = await client.call<T>(method, route, body);
  if (answer.status >= 300) throw new Error(`${method} ${route}: ${answer.status} ${answer.text}`);
  return answer.body;
}

/**
 * The built web client as `npm start` serves it (server, agent, a virtual RC board), behind a
 * throttling proxy, with a course whose student has an RC lab (instructions, duty 0-80 %,
 * vout recorded). Needs `npm run build:web` first.
 */
export async function startVisitStack(
  profile: LinkProfile,
  log: (line: string) => void,
): Promise<VisitStack> {
  if (!existsSync(path.join(REPO_ROOT, 'web/dist/sw.js'))) {
    throw new Error('web/dist has no service worker: run `npm run build:web` first');
  }
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'remotelab-visit-'));
  const port = await freePort();
  const proxy = await ThrottlingProxy.start({ targetPort: port, ...profile });
  const saved = { ...process.env };
  let demo: RunningDemo;
  try {
    // The demo's children inherit these: a private database, cheap password hashing, and the
    // proxy's origin allowed to open the socket.
    process.env.DATABASE_URL = `sqlite:${path.join(tmp, 'lab.db')}`;
    process.env.LAB_PASSWORD_COST = '10';
    process.env.LAB_ALLOWED_ORIGINS = proxy.url;
    await createAdmin({ ...process.env });
    demo = await launchDemo({
      port,
      redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      benches: ['rc-filter'],
      privateRedisPort: await freePort(),
      log,
    });
  } finally {
    process.env = saved;
  }
  const admin = new ApiClient(demo.url);
  await admin.signIn(ADMIN, VISIT_PASSWORD);
  await Promise.all(
    [
      { email: 'prof@lab.example', displayName: 'Karim Haddad', role: 'instructor', locale: 'en' },
      { email: VISIT_STUDENT, displayName: 'Leila', role: 'student', locale: 'en' },
    ].map((person) => ok(admin, 'POST', '/api/users', { ...person, password: VISIT_PASSWORD })),
  );
  const instructor = new ApiClient(demo.url);
  await instructor.signIn('prof@lab.example', VISIT_PASSWORD);
  // A lab's ranges are checked against a bench of its pool: wait until it has announced itself.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const benches = await ok<Array<{ id: string; status: string }>>(admin, 'GET', '/api/benches');
    if (benches.some((b) => b.id === 'rc-filter' && b.status === 'online')) break;
    if (Date.now() > deadline) throw new Error('the rc-filter bench never came online');
    await delay(200);
  }
  const course = await ok<{ id: string }>(instructor, 'POST', '/api/courses', {
    code: 'ELN101',
    title: 'Electronics 1',
  });
  const group = await ok<{ id: string }>(instructor, 'POST', `/api/courses/${course.id}/groups`, {
    name: 'G1',
  });
  await ok(instructor, 'POST', `/api/courses/${course.id}/groups/${group.id}/members`, {
    emails: [VISIT_STUDENT],
  });
  const lab = await ok<{ id: string }>(instructor, 'POST', `/api/courses/${course.id}/labs`, {
    title: 'RC step response',
    pool: 'rc-filter',
    instructions: '## Step response of an RC low-pass\n\nSweep the duty and read **vout**.',
    inputs: ['vout'],
    controls: [{ output: 'duty', min: 0, max: VISIT_LAB_MAX_DUTY }],
    slotMinutes: 30,
    policy: { quotaPerWeek: 3, horizonDays: 14, cancelDeadlineMinutes: 60 },
    groupIds: [group.id],
  });
  return {
    demo,
    proxy,
    labId: lab.id,
    async close() {
      await proxy.close();
      await demo.stop();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}
