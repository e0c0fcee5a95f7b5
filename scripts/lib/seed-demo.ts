import { readDemoConfig } from './demo-config.ts';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { demoDataDir } from './child-process.ts';
import { createAdmin } from './create-admin.ts';
import { signedIn } from './demo-client.ts';
import { bookAhead, endWithRecording, queueUp, walkIn } from './seed-activity.ts';
import { seedLabs } from './seed-labs.ts';

/** The demo's people, all with one password generated at the first start. */
export interface DemoAccounts {
  password: string;
  accounts: Array<{ role: string; email: string }>;
}

const INSTRUCTOR = {
  role: 'instructor',
  email: 'instructor@demo.remotelab',
  displayName: 'Karim Haddad',
  locale: 'fr',
} as const;
const TECHNICIAN = {
  role: 'technician',
  email: 'technician@demo.remotelab',
  displayName: 'Sofiane Mansouri',
  locale: 'fr',
} as const;
/** The student to sign in as (printed); the others give the pages a class to show. */
const STUDENT = {
  role: 'student',
  email: 'student@demo.remotelab',
  displayName: 'Leila Ben Ali',
  locale: 'ar',
  timezone: 'Africa/Algiers',
} as const;
const CLASSMATES = [
  { email: 'yacine@demo.remotelab', displayName: 'Yacine Belkacem', locale: 'fr' },
  { email: 'sara@demo.remotelab', displayName: 'Sara Mansour', locale: 'en' },
  { email: 'omar@demo.remotelab', displayName: 'Omar Tazi', locale: 'ar' },
].map((person) => ({ ...person, role: 'student', timezone: 'Africa/Algiers' }));
const ADMIN = { role: 'admin', email: 'admin@demo.remotelab', displayName: 'Amal Admin' } as const;

/**
 * Gives a fresh demo database a lab with a past and a present: an admin, an instructor with a
 * course, a group and a lab per bench kind, a technician, four students of the group, bookings
 * ahead, past walk-in sessions with their recordings, a session running and a student queued
 * behind it. The accounts and their generated password are kept in `data/demo-accounts.json`
 * (next to the demo database) and shown at every start. A database that already has an admin of
 * its own is left alone. Runs against the server before its port opens (see launchDemo).
 */
export async function seedDemo(
  url: string,
  env: NodeJS.ProcessEnv,
  log: (line: string) => void = () => {},
): Promise<DemoAccounts | undefined> {
  const file = accountsFile(readDemoConfig().databaseUrl);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DemoAccounts;
  const password = randomBytes(9).toString('base64url');
  if (!(await createAdmin(ADMIN, password, env))) return undefined;

  const admin = await signedIn(url, ADMIN.email, password);
  // Together: each account costs a password hash, and the server hashes on several threads.
  await Promise.all(
    [INSTRUCTOR, TECHNICIAN, STUDENT, ...CLASSMATES].map((person) =>
      admin('POST', '/api/users', { ...person, password }),
    ),
  );
  const instructor = await signedIn(url, INSTRUCTOR.email, password);
  const course = await instructor<{ id: string }>('POST', '/api/courses', {
    code: 'ELN101',
    title: 'Electronics 1 (demo)',
  });
  const group = await instructor<{ id: string }>('POST', `/api/courses/${course.id}/groups`, {
    name: 'G1',
  });
  await instructor('POST', `/api/courses/${course.id}/groups/${group.id}/members`, {
    emails: [STUDENT.email, ...CLASSMATES.map((c) => c.email)],
  });
  const labs = await seedLabs(instructor, course.id, group.id);
  const seeded: DemoAccounts = {
    password,
    accounts: [ADMIN, INSTRUCTOR, STUDENT, TECHNICIAN].map(({ role, email }) => ({ role, email })),
  };
  // Kept before the activity: the accounts are usable whatever happens next.
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(seeded, null, 2)}\n`, { mode: 0o600 });
  await seedActivity(url, password, labs, log);
  return seeded;
}

/** Where the demo keeps its accounts: next to its SQLite file, so a fresh database gets fresh ones. */
export function accountsFile(databaseUrl: string | undefined): string {
  return path.join(demoDataDir(databaseUrl), 'demo-accounts.json');
}

/**
 * What the students have done: Leila and Yacine each ran a walk-in session (ended, recorded),
 * Omar is running one on the op-amp bench with Sara queued behind him, and bookings lie ahead
 * (Leila's first one the next morning, so her page shows a next booking).
 */
async function seedActivity(
  url: string,
  password: string,
  labs: Map<string, string>,
  log: (line: string) => void,
) {
  const [leila, yacine, sara, omar] = await Promise.all(
    [STUDENT, ...CLASSMATES].map((person) => signedIn(url, person.email, password)),
  );
  if (!leila || !yacine || !sara || !omar) throw new Error('demo seed: a student is missing');
  const lab = (pool: string) => {
    const id = labs.get(pool);
    if (!id) throw new Error(`demo seed: no lab on the ${pool} pool (is its bench online?)`);
    return id;
  };
  // Each step on its own: one that fails (a bench busy with its self-test) costs the demo
  // that bit of history, not its start.
  const step = (what: string, run: () => Promise<unknown>) =>
    run().catch((error: unknown) =>
      log(`[demo] seed: ${what} skipped: ${(error as Error).message}`),
    );
  await Promise.all([
    step('a past session of Leila', () =>
      walkIn(leila, lab('rc-filter')).then((id) => endWithRecording(leila, id)),
    ),
    step('a past session of Yacine', () =>
      walkIn(yacine, lab('voltage-divider')).then((id) => endWithRecording(yacine, id)),
    ),
    step('a running session of Omar', () => walkIn(omar, lab('opamp-amplifier'))),
    // Hours ahead: they do not touch the benches the walk-ins take now.
    step('bookings ahead', async () => {
      await bookAhead(leila, lab('rc-filter'), 16);
      await bookAhead(yacine, lab('rc-filter'), 20);
      await bookAhead(sara, lab('voltage-divider'), 18);
      await bookAhead(omar, lab('led-iv'), 26);
    }),
  ]);
  await step('Sara in the queue', () => queueUp(sara, lab('opamp-amplifier')));
}
