import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import type { RunningDemo } from '../../scripts/lib/launch-demo.ts';
import { ApiClient } from '../support/api-client.ts';
import { launchChromium } from '../support/chromium.ts';
import { launchDemoWithPeople, type DemoWithPeople } from '../support/demo-with-people.ts';
import { screenshotAllLanguages, signIn, signOut, useLanguage } from '../support/web-screens.ts';

/**
 * The web client end to end, against the real server, lab-agent and a virtual RC bench: an
 * instructor designs a lab and opens it to a group, a student of the group sees it and runs it
 * in Arabic (right to left), a technician quarantines the bench. Screenshots of the main screens
 * in each language go to docs/screenshots/ (the week, the session, the fleet and the designer at
 * phone and laptop size come from first-impressions.test.ts). One browser, one page per person.
 */
const PASSWORD = 'correct-horse-battery';
const people = {
  admin: { email: 'admin@lab.example', displayName: 'Amal Admin', role: 'admin', locale: 'en' },
  instructor: {
    email: 'prof@lab.example',
    displayName: 'Karim Haddad',
    role: 'instructor',
    locale: 'en',
  },
  student: {
    email: 'leila@lab.example',
    displayName: 'ليلى بن علي',
    role: 'student',
    locale: 'ar',
    timezone: 'Africa/Algiers',
  },
  technician: {
    email: 'tech@lab.example',
    displayName: 'Sofiane Tech',
    role: 'technician',
    locale: 'fr',
  },
} as const;

describe('the web client for students, instructors and technicians', () => {
  let running: DemoWithPeople | undefined;
  let demo: RunningDemo;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let context: BrowserContext;
  const logs: string[] = [];
  let labId = '';
  /** The start of the slot the student booked, when the server runs the scheduler. */
  let bookedSlot: number | null = null;

  beforeAll(async () => {
    // Commands accepted only from the owner of a running session (as deployed).
    running = await launchDemoWithPeople({
      admin: people.admin,
      people: [people.instructor, people.student, people.technician],
      password: PASSWORD,
      env: { LAB_COMMANDS_NEED_SESSION: 'true', LAB_LOG_LEVEL: 'info' },
      log: (line) => logs.push(line),
    });
    demo = running.demo;
    chromium = await launchChromium();
    context = chromium.context;
  }, 120_000);

  afterAll(async () => {
    await chromium?.close();
    await running?.stop();
  });

  async function newPage(): Promise<Page> {
    const page = await context.newPage();
    await page.setViewportSize({ width: 1280, height: 860 });
    return page;
  }

  it('signs in and out, and asks for a password reset', async () => {
    const page = await newPage();
    await page.goto(`${demo.url}/#/sign-in`);
    await useLanguage(page, 'en');
    await screenshotAllLanguages(page, 'sign-in');
    await page.locator('input[name="email"]').fill(people.technician.email);
    await page.locator('input[name="password"]').fill('wrong password');
    await page.getByTestId('sign-in-submit').click();
    await expect.poll(() => page.locator('[role="alert"][data-code]').count()).toBe(1);

    await page.goto(`${demo.url}/#/password-reset`);
    await page.locator('input[type="email"]').fill(people.technician.email);
    await page.getByRole('button').filter({ hasText: /send/i }).click();
    await page.getByTestId('reset-sent').waitFor();
    // The demo has no SMTP: the mail (and its link) is a file in its outbox, never in the log.
    const resetMail = () =>
      (existsSync(demo.mailOutbox) ? readdirSync(demo.mailOutbox) : [])
        .map((name) => readFileSync(path.join(demo.mailOutbox, name), 'utf8'))
        .find((text) => text.includes('reset-password?token=')) ?? '';
    await expect.poll(resetMail, { timeout: 10_000 }).not.toBe('');
    const link = resetMail();
    expect(logs.some((line) => line.includes('reset-password?token='))).toBe(false);
    const token = /token=([A-Za-z0-9_-]{43})/.exec(link)?.[1];
    expect(token).toBeDefined();
    await page.goto(`${demo.url}/reset-password?token=${token}`);
    await page.getByTestId('reset-confirm').waitFor();
    await page.locator('input[autocomplete="new-password"]').nth(0).fill(PASSWORD);
    await page.locator('input[autocomplete="new-password"]').nth(1).fill(PASSWORD);
    await page.getByRole('button', { name: /save/i }).click();
    await page.getByText(/password is changed/i).waitFor();

    await signIn(page, demo.url, people.technician.email, PASSWORD);
    expect(await page.getByTestId('user-menu').getAttribute('data-role')).toBe('technician');
    await signOut(page);
    await page.getByTestId('sign-in-link').waitFor();
    await page.close();
  });

  it('lets an instructor design a lab that a student of the group then sees', async () => {
    const page = await newPage();
    await signIn(page, demo.url, people.instructor.email, PASSWORD);
    await page.getByTestId('courses-page').waitFor();
    await page.getByTestId('course-code').fill('EE-201');
    await page.getByTestId('course-title').fill('Circuits 1');
    await page.getByTestId('course-create').click();
    await page.getByTestId('course-item').click();
    await page.getByTestId('group-name').fill('G1');
    await page.getByTestId('group-create').click();
    const group = page.locator('[data-testid="group-panel"][data-group="G1"]');
    await group.locator('summary').click();
    await group.getByTestId('members-csv').fill(`name,email\nLeila,${people.student.email}\n`);
    await group.getByTestId('members-import').click();
    await expect.poll(() => group.locator('summary').textContent()).toContain('1');
    await screenshotAllLanguages(page, 'course');

    await page.getByTestId('new-lab').click();
    await page.getByTestId('lab-designer').waitFor();
    await page.getByTestId('lab-title').fill('RC step response');
    await expect.poll(() => page.getByTestId('lab-pool').inputValue()).toBe('rc-filter');
    await page.getByTestId('input-vout').check();
    await page.getByTestId('expose-duty').check();
    // Live validation against the bench's envelope (0..100 %).
    await page.getByTestId('range-duty-max').fill('150');
    await expect.poll(() => page.getByTestId('problem-duty').textContent()).toMatch(/100/);
    await page.getByTestId('range-duty-max').fill('80');
    await expect.poll(() => page.getByTestId('problem-duty').count()).toBe(0);
    await page
      .getByTestId('lab-instructions')
      .fill('## Charge the capacitor\n\nSet the **duty** to 80 % and watch `vout` rise.');
    await page.getByTestId('preview-toggle').click();
    await page.getByTestId('instructions-preview').locator('strong').waitFor();
    await page.getByTestId('group-G1').check();
    await page.getByTestId('lab-save').click();
    await page.getByTestId('course-lab').waitFor();
    labId = (await page.getByTestId('course-lab').getAttribute('data-lab-id')) ?? '';
    expect(labId).not.toBe('');
    await signOut(page);

    await signIn(page, demo.url, people.student.email, PASSWORD);
    await page.getByTestId('labs-page').waitFor();
    await expect.poll(() => page.locator(`[data-lab-id="${labId}"]`).count()).toBe(1);
    await signOut(page);
    await page.close();
  });

  it('runs the student journey in Arabic, right to left', async () => {
    const page = await newPage();
    await signIn(page, demo.url, people.student.email, PASSWORD);
    // The profile's language wins at sign-in: Arabic, written right to left.
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ar');
    await page.getByTestId('labs-page').waitFor();
    await screenshotAllLanguages(page, 'labs');
    await page.locator(`[data-lab-id="${labId}"] a`).click();
    await page.getByTestId('lab-page').waitFor();
    // The twin: the demo serves real benches only, so the page says practice is unavailable.
    await page.getByTestId('practice').waitFor();
    expect(await page.getByTestId('practice-unavailable').getAttribute('data-reason')).toBe(
      'no-twin',
    );

    // Sessions come from the scheduler only: book, or walk in through the queue.
    await page.getByTestId('booking-calendar').waitFor();
    await page.getByTestId('week-grid').waitFor();
    expect(await page.getByTestId('quota-left').getAttribute('data-left')).toBe('3');
    // Book a slot 20 to 55 minutes ahead: soon enough for the scheduler to look at it
    // (it withdraws bookings of the next hour when a technician flags a bench), late enough to
    // leave a walk-in session before it. Near midnight on Sunday it is in next week's grid.
    // The week table (a laptop's width): pick a cell, then confirm.
    const slots = page.getByTestId('week-grid').getByTestId('cell-free');
    const pick = async () =>
      (
        await slots.evaluateAll((buttons) =>
          buttons.map((b) => Number(b.getAttribute('data-start'))),
        )
      ).findIndex((at) => at > Date.now() + 20 * 60_000 && at <= Date.now() + 55 * 60_000);
    let index = await pick();
    if (index === -1) {
      const week = await page.locator('.week-label').textContent();
      await page.getByRole('button', { name: 'الأسبوع التالي' }).click();
      await expect.poll(() => page.locator('.week-label').textContent()).not.toBe(week);
      await expect.poll(pick).toBeGreaterThanOrEqual(0);
      index = await pick();
    }
    expect(index).toBeGreaterThanOrEqual(0);
    bookedSlot = Number(await slots.nth(index).getAttribute('data-start'));
    await slots.nth(index).click();
    await page.getByTestId('book-confirm').click();
    await expect.poll(() => page.getByTestId('quota-left').getAttribute('data-left')).toBe('2');
    await page.getByTestId('booking-item').first().waitFor();
    // Walk in: the free bench is offered to the head of the queue.
    await page.getByTestId('queue-join').click();
    await page.getByTestId('queue-offer').waitFor({ timeout: 20_000 });
    await page.getByTestId('queue-offer').getByRole('button').click();

    await page.getByTestId('session-view').waitFor({ timeout: 20_000 });
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    // Controls come from the lab: only the duty, narrowed to 0..80 %.
    const slider = page.getByTestId('slider-duty');
    expect(await slider.getAttribute('max')).toBe('80');
    expect(await page.getByTestId('toggle-led').count()).toBe(0);
    await page.getByTestId('countdown').waitFor();
    await expect
      .poll(() => page.getByTestId('link-quality').getAttribute('data-state'))
      .toBe('connected');
    const readout = page.getByTestId('readout-vout');
    await expect
      .poll(async () => Number(await readout.getAttribute('data-value')), { timeout: 20_000 })
      .toBeLessThan(0.5);
    await slider.focus();
    await slider.press('End');
    await expect
      .poll(async () => Number(await readout.getAttribute('data-value')), { timeout: 10_000 })
      .toBeGreaterThan(3.5);
    expect(await page.locator('.control-error').count()).toBe(0);
    await expect
      .poll(async () => Number(await page.getByTestId('link-quality').getAttribute('data-kbps')))
      .toBeGreaterThan(0);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('download-csv').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^session-.+\.csv$/);
    await page.getByTestId('end-session').click();
    await page.getByTestId('session-ended').waitFor();

    await page.getByTestId('nav-history').click();
    await page.getByTestId('history-row').first().waitFor();
    await screenshotAllLanguages(page, 'history');
    await page.close();
  });

  it('lets a technician quarantine a bench and see it quarantined', async () => {
    const page = await newPage();
    await signIn(page, demo.url, people.technician.email, PASSWORD);
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('fr');
    await page.getByTestId('fleet-page').waitFor();
    const row = page.getByTestId('fleet-row-rc-filter');
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 20_000 }).toBe('online');
    await page.getByTestId('set-quarantine-rc-filter').click();
    await page.getByTestId('flag-reason').fill('Condensateur C1 gonflé, à remplacer');
    await page.getByTestId('flag-save').click();
    await expect.poll(() => row.getAttribute('data-quarantined')).toBe('true');
    expect(await page.getByTestId('quarantine-rc-filter').textContent()).toContain(
      'Condensateur C1',
    );

    // The student sees the bench out of service: no bench is free to walk in on.
    const student = new ApiClient(demo.url);
    await student.signIn(people.student.email, PASSWORD);
    const benches = await student.call<Array<{ id: string; quarantine: unknown }>>(
      'GET',
      '/api/benches',
    );
    expect(benches.body.find((b) => b.id === 'rc-filter')?.quarantine).toBeTruthy();
    if (bookedSlot !== null) {
      // Its bookings move to another bench of the pool, or (the demo pool has one bench) are
      // cancelled as withdrawn, no longer counting against the student's quota.
      const booking = async () =>
        (
          await student.call<
            Array<{ start: number; benchId: string; status: string; reason: string }>
          >('GET', '/api/bookings')
        ).body.find((b) => b.start === bookedSlot);
      await expect
        .poll(
          async () => {
            const b = await booking();
            return b && (b.benchId !== 'rc-filter' || b.status === 'cancelled')
              ? (b.reason ?? 'moved')
              : '';
          },
          { timeout: 15_000 },
        )
        .toMatch(/moved|bench-withdrawn/);
    }

    await page.getByTestId('clear-quarantine-rc-filter').click();
    await expect.poll(() => row.getAttribute('data-quarantined')).toBe('false');
    await page.getByTestId('nav-fleetLog').click();
    await page.getByTestId('fleet-log-page').waitFor();
    await page.close();
  });
});
