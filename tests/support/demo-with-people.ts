import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchDemo, type RunningDemo } from '../../scripts/lib/launch-demo.ts';
import { createAdmin, type AdminAccount } from '../../scripts/lib/create-admin.ts';
import { ApiClient } from './api-client.ts';
import { freePort } from './free-port.ts';

export interface DemoWithPeople {
  demo: RunningDemo;
  /** Stops the demo, gives process.env back and removes the private database. */
  stop(): Promise<void>;
}

/**
 * The demo with the RC bench, started as an installer starts it on a fresh SQLite database: the
 * admin created by `npm run admin:create`, then `people` created by that admin through the API,
 * all with `password`. `env` is set on process.env for the demo's children, which inherit it
 * (cheap password hashing is added); `stop` puts process.env back as it was.
 */
export async function launchDemoWithPeople(options: {
  admin: AdminAccount;
  people: ReadonlyArray<Record<string, string>>;
  password: string;
  env: Record<string, string>;
  log: (line: string) => void;
}): Promise<DemoWithPeople> {
  const saved = { ...process.env };
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'remotelab-e2e-'));
  let demo: RunningDemo | undefined;
  const stop = async () => {
    await demo?.stop();
    process.env = saved;
    rmSync(tmp, { recursive: true, force: true });
  };
  try {
    Object.assign(process.env, {
      DATABASE_URL: `sqlite:${path.join(tmp, 'lab.db')}`,
      LAB_PASSWORD_COST: '10',
      ...options.env,
    });
    if (!(await createAdmin(options.admin, options.password, process.env)))
      throw new Error('the fresh database already had the admin');
    demo = await launchDemo({
      port: await freePort(),
      redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      benches: ['rc-filter'],
      privateRedisPort: await freePort(),
      log: options.log,
    });
    const admin = new ApiClient(demo.url);
    const signedIn = await admin.signIn(options.admin.email, options.password);
    if (signedIn.status !== 200) throw new Error(`admin sign-in: ${signedIn.text}`);
    for (const person of options.people) {
      const created = await admin.call('POST', '/api/users', {
        ...person,
        password: options.password,
      });
      if (created.status !== 201) throw new Error(`creating ${person.email}: ${created.text}`);
    }
    return { demo, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
