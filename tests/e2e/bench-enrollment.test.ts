import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningDemo } from '../../scripts/lib/launch-demo.ts';
import { launchChromium } from '../support/chromium.ts';
import { launchDemoWithPeople, type DemoWithPeople } from '../support/demo-with-people.ts';
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
  let running: DemoWithPeople | undefined;
  let demo: RunningDemo;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;

  beforeAll(async () => {
    running = await launchDemoWithPeople({
      admin,
      people: [technician],
      password: PASSWORD,
      // Deployment-mode enrollment, and no demo seed: the bench waits for the technician.
      env: { LAB_AUTO_ENROLL_BENCHES: 'false', LAB_DEMO_SEED: 'false' },
      log: () => undefined,
    });
    demo = running.demo;
    chromium = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await chromium?.close();
    await running?.stop();
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
