import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './child-process.ts';

/** The demo's people, all with one password generated at the first start. */
export interface DemoAccounts {
  password: string;
  accounts: Array<{ role: string; email: string }>;
}

const PEOPLE = [
  {
    role: 'instructor',
    email: 'instructor@demo.remotelab',
    displayName: 'Karim Haddad',
    locale: 'fr',
  },
  {
    role: 'student',
    email: 'student@demo.remotelab',
    displayName: 'Leila Ben Ali',
    locale: 'ar',
    timezone: 'Africa/Algiers',
  },
  {
    role: 'technician',
    email: 'technician@demo.remotelab',
    displayName: 'Sofiane Mansouri',
    locale: 'fr',
  },
] as const;
const ADMIN = { role: 'admin', email: 'admin@demo.remotelab', displayName: 'Amal Admin' } as const;

const INSTRUCTIONS = `## Step response of an RC low-pass

The capacitor voltage **vout** (A0) follows the PWM duty on pin 9 through R = 10 kOhm and
C = 10 uF. Set the duty to 100 % and read how long vout takes to reach 63 % of its final value:
theory says tau = RC = 0.1 s.`;

/**
 * Gives a fresh demo database people to sign in as: an admin, an instructor with a course, a
 * group and a lab on the RC bench, a student of that group and a technician. The accounts and
 * their generated password are kept in `data/demo-accounts.json` (next to the demo database) and
 * shown at every start. A database that already has an admin of its own is left alone.
 */
export async function seedDemo(
  url: string,
  env: NodeJS.ProcessEnv,
): Promise<DemoAccounts | undefined> {
  const file = path.join(REPO_ROOT, 'data', 'demo-accounts.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DemoAccounts;
  const password = randomBytes(9).toString('base64url');
  if (!(await createAdmin(env, password))) return undefined;

  const admin = await signedIn(url, ADMIN.email, password);
  for (const person of PEOPLE) await admin('POST', '/api/users', { ...person, password });

  const instructor = await signedIn(url, PEOPLE[0].email, password);
  const course = (await instructor('POST', '/api/courses', {
    code: 'ELN101',
    title: 'Electronics 1 (demo)',
  })) as { id: string };
  const group = (await instructor('POST', `/api/courses/${course.id}/groups`, { name: 'G1' })) as {
    id: string;
  };
  await instructor('POST', `/api/courses/${course.id}/groups/${group.id}/members`, {
    emails: [PEOPLE[1].email],
  });
  await instructor('POST', `/api/courses/${course.id}/labs`, {
    title: 'RC step response',
    pool: 'rc-filter',
    instructions: INSTRUCTIONS,
    inputs: ['vout', 'ref'],
    controls: [{ output: 'duty' }, { output: 'led' }],
    slotMinutes: 30,
    policy: { quotaPerWeek: 3, horizonDays: 14, cancelDeadlineMinutes: 60 },
    groupIds: [group.id],
  });

  const seeded: DemoAccounts = {
    password,
    accounts: [ADMIN, ...PEOPLE].map(({ role, email }) => ({ role, email })),
  };
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(seeded, null, 2)}\n`, { mode: 0o600 });
  return seeded;
}

/** Runs `npm run admin:create` in-process style; false when the database already has that admin. */
function createAdmin(env: NodeJS.ProcessEnv, password: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--conditions=@remotelab/source',
        '--import',
        'tsx',
        path.join(REPO_ROOT, 'server/src/cli/admin-create.ts'),
        '--email',
        ADMIN.email,
        '--name',
        ADMIN.displayName,
        '--password-stdin',
      ],
      { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdin.end(`${password}\n`);
    child.once('exit', (code) => {
      if (code === 0) resolve(true);
      else if (/already/i.test(output)) resolve(false);
      else reject(new Error(`creating the demo admin failed: ${output.trim()}`));
    });
  });
}

type Call = (method: string, route: string, body?: unknown) => Promise<unknown>;

/** A minimal REST client holding one session cookie and its CSRF token. */
async function signedIn(url: string, email: string, password: string): Promise<Call> {
  const response = await fetch(`${url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`demo sign-in as ${email} failed: ${await response.text()}`);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return async (method, route, body) => {
    const answer = await fetch(`${url}${route}`, {
      method,
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await answer.text();
    if (!answer.ok)
      throw new Error(`demo seed: ${method} ${route} answered ${answer.status}: ${text}`);
    return text ? (JSON.parse(text) as unknown) : undefined;
  };
}
