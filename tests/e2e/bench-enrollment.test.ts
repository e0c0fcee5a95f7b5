import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchDemo, type RunningDemo } from '../../scripts/lib/launch-demo.ts';
import { createAdmin } from '../../scripts/lib/create-admin.ts';
import { ApiClient } from '../support/api-client.ts';
import { launchChromium } from '../support/chromium.ts';
import { freePort } from '../support/free-port.ts';
import { signIn } from '../support/web-screens.ts';

/**
 * The whole stack as deployed (LAB_AUTO_ENROLL_BENCHES off): the demo's lab-agent announces its
 * RC bench, which waits on the fleet page until a technician approves it in the browser; the
 * agent then drives it without a restart.
 */
const PASSWORD = 'correct-horse-battery';
const admin = { email: 'admin@enroll.example', displayName: 'Amal Admin' };
const technician = {
  email: 'tech@enroll.example',
  displayName: 'Sofiane Tech',
  role: 'technician',
  locale: 'en',
};

describe('a technician enrolls a new bench from the fleet page', () => {
  let demo: RunningDemo;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let tmp: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'remotelab-enroll-e2e-'));
    // Inherited by the demo's children: a private database, deployment-mode enrollment.
    process.env.DATABASE_URL = `sqlite:${path.join(tmp, 'lab.db')}`;
    process.env.LAB_PASSWORD_COST = '10';
    process.env.LAB_AUTO_ENROLL_BENCHES = 'false';
    process.env.LAB_DEMO_SEED = 'false';
    expect(await createAdmin(admin, PASSWORD, process.env)).toBe(true);
    demo = await launchDemo({
      port: await freePort(),
      redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      benches: ['rc-filter'],
      privateRedisPort: await freePort(),
      log: () => undefined,
    });
    const api = new ApiClient(demo.url);
    expect((await api.signIn(admin.email, PASSWORD)).status).toBe(200);
    const created = await api.call('POST', '/api/users', { ...technician, password: PASSWORD });
    expect(created.status, created.text).toBe(201);
    chromium = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await chromium?.close();
    await demo?.stop();
    process.env = saved;
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('lists the request, approves it, and the bench comes online', async () => {
    const page = await chromium.context.newPage();
    await signIn(page, demo.url, technician.email, PASSWORD);
    await page.getByTestId('fleet-page').waitFor();
    // The request appears once the agent announced the bench (the list refreshes on load).
    const request = page.getByTestId('enrollment-rc-filter-demo-agent');
    await expect
      .poll(
        async () => {
          if ((await request.count()) === 0) await page.reload();
          return request.count();
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toBe(1);
    expect(await page.getByTestId('fleet-row-rc-filter').count()).toBe(0);
    await page.getByTestId('approve-rc-filter-demo-agent').click();
    await page.getByTestId('enrollment-empty').waitFor();
    // The agent announces again within 10 s and streams: the fleet row turns online.
    const row = page.getByTestId('fleet-row-rc-filter');
    await expect
      .poll(
        async () => {
          if ((await row.count()) === 0) await page.reload();
          return row.getAttribute('data-status', { timeout: 1000 }).catch(() => null);
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toBe('online');
    await page.close();
  }, 90_000);
});
