import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { BenchView } from '@remotelab/protocol';
import { REPO_ROOT, onLines } from '../../scripts/lib/child-process.ts';
import { ApiClient } from '../support/api-client.ts';
import { launchChromium } from '../support/chromium.ts';
import { freePort } from '../support/free-port.ts';
import { sidewaysScroll } from '../support/layout-check.ts';
import { LANGUAGES, signIn, signOut, useLanguage } from '../support/web-screens.ts';
import { screenshotBothSizes } from '../support/screenshots.ts';

/**
 * What a newcomer meets, on the stack `npm start` runs (its entry, scripts/start.ts, on a fresh
 * database): the whole lab online and seeded before the accounts are printed, a student's week
 * that works on a 360 x 740 phone in Arabic, no page of any role that scrolls sideways, the
 * fleet telling a quarantined bench as quarantined. Screenshots for the README at both sizes.
 */
const PHONE = { width: 360, height: 740 };
const LAPTOP = { width: 1280, height: 800 };
const POOLS = ['rc-filter', 'led-iv', 'voltage-divider', 'opamp-amplifier'];

describe('first impressions: npm start, the phone, every page', () => {
  let start: ChildProcess;
  let tmp: string;
  let url = '';
  let password = '';
  const output: string[] = [];
  /** ms from spawning the entry to the line that prints the accounts. */
  let readyAfterMs = 0;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  /** The sign-in tried the moment the student's line appeared. */
  let firstSignIn: Promise<number>;

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'remotelab-first-'));
    const port = await freePort();
    const began = Date.now();
    start = spawn(
      process.execPath,
      ['--conditions=@remotelab/source', '--import', 'tsx', 'scripts/start.ts'],
      {
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          PORT: String(port),
          DATABASE_URL: `sqlite:${path.join(tmp, 'lab.db')}`,
          LAB_DEMO_REDIS_PORT: String(await freePort()),
          LAB_PASSWORD_COST: '10',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    firstSignIn = new Promise<number>((resolve, reject) => {
      start.once('exit', (code) =>
        reject(new Error(`npm start exited (${code}):\n${output.slice(-20).join('\n')}`)),
      );
      onLines(start, (line) => {
        output.push(line);
        const running = /remotelab is running at (\S+)/.exec(line);
        if (running?.[1]) url = running[1];
        const accounts = /Demo accounts \(password: (\S+)\)/.exec(line);
        if (accounts?.[1]) password = accounts[1];
        if (line.startsWith('(demo accounts not created')) reject(new Error(line));
        if (/^\s+student\s+student@demo\.remotelab/.test(line)) {
          readyAfterMs = Date.now() - began;
          // Right after the line: no wait, no retry.
          void new ApiClient(url)
            .signIn('student@demo.remotelab', password)
            .then((answer) => resolve(answer.status), reject);
        }
      });
    });
    await firstSignIn;
    chromium = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await chromium?.close();
    if (start && start.exitCode === null) {
      const exited = new Promise((resolve) => start.once('exit', resolve));
      start.kill('SIGTERM');
      await exited;
    }
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  /** Signs out whoever is signed in on the page, then signs `person` in. */
  async function as(page: Page, person: string) {
    if ((await page.getByTestId('sign-out').count()) > 0) await signOut(page);
    await signIn(page, url, `${person}@demo.remotelab`, password);
  }

  async function phonePage(size = PHONE): Promise<Page> {
    const page = await chromium.context.newPage();
    await page.setViewportSize(size);
    return page;
  }

  /** Waits until the page has drawn its data: its own test id is there and nothing is loading. */
  async function settled(page: Page, testId: string) {
    await page.getByTestId(testId).first().waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('loading').count(), { timeout: 30_000 }).toBe(0);
  }

  it('prints the demo accounts only once they work, with the whole lab online', async () => {
    expect(await firstSignIn).toBe(200);
    process.stdout.write(`npm start: accounts printed after ${readyAfterMs} ms\n`);
    const technician = new ApiClient(url);
    expect((await technician.signIn('technician@demo.remotelab', password)).status).toBe(200);
    const benches = (await technician.call<BenchView[]>('GET', '/api/benches')).body;
    for (const pool of POOLS) {
      const ofPool = benches.filter((b) => b.pool === pool);
      expect(ofPool.filter((b) => b.twin).length, `${pool} has a twin`).toBe(1);
      const real = ofPool.find((b) => !b.twin);
      expect(real?.status, `${pool} has a real bench online`).toBe('online');
    }
    // Each role is told where to go first.
    for (const role of ['student', 'instructor', 'technician']) {
      expect(
        output.some((line) => new RegExp(`^\\s+${role}\\s+\\S+\\s+then http`).test(line)),
      ).toBe(true);
    }
  });

  it('lets a student book from the list in two taps, in Arabic, on a phone', async () => {
    const page = await phonePage();
    await as(page, 'student');
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await page.getByTestId('labs-page').waitFor();
    await page.locator('[data-lab-id] a').first().click();
    await settled(page, 'next-free');
    const quota = Number(await page.getByTestId('quota-left').getAttribute('data-left'));
    const first = page.getByTestId('next-free').getByTestId('slot-free').first();
    // Visible without scrolling: inside the first screen of a 360 x 740 phone.
    const box = await first.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.y + box!.height).toBeLessThanOrEqual(PHONE.height);
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
    const slotStart = Number(await first.getAttribute('data-start'));
    await first.click();
    await page.getByTestId('book-confirm').click();
    await expect
      .poll(() => page.getByTestId('quota-left').getAttribute('data-left'))
      .toBe(String(quota - 1));
    const student = new ApiClient(url);
    await student.signIn('student@demo.remotelab', password);
    const mine = (
      await student.call<Array<{ start: number; status: string }>>('GET', '/api/bookings')
    ).body;
    expect(mine.some((b) => b.start === slotStart && b.status === 'booked')).toBe(true);
    expect(await page.getByTestId('next-booking').textContent()).not.toBe('');
    await page.close();
  });

  it(
    'scrolls no page of any role sideways, at 360 x 740 in three languages and on a laptop',
    {
      timeout: 900_000,
    },
    async () => {
      const page = await phonePage();
      // The admin's pages are the instructor's and the technician's: checked in one language.
      const people = ['student', 'instructor', 'technician', 'admin'];
      const offenders: string[] = [];
      for (const person of people) {
        await as(page, person);
        const routes = await routesOf(page);
        const sizes: Array<[typeof PHONE, readonly (typeof LANGUAGES)[number][]]> =
          person === 'admin'
            ? [[PHONE, ['ar']]]
            : [
                [PHONE, LANGUAGES],
                [LAPTOP, ['fr']],
              ];
        for (const [size, languages] of sizes) {
          await page.setViewportSize(size);
          for (const language of languages) {
            await useLanguage(page, language);
            for (const [route, testId] of routes) {
              await page.goto(`${url}/${route}`);
              await settled(page, testId);
              const found = await sidewaysScroll(page);
              if (found.pageOverflow > 0 || found.regions.length > 0) {
                offenders.push(
                  `${person} ${size.width} ${language} ${route}: ${JSON.stringify(found)}`,
                );
              }
            }
          }
        }
      }
      expect(offenders).toEqual([]);
      await page.close();
    },
  );

  it('shows a quarantined bench as quarantined in the fleet, with its reason', async () => {
    const page = await phonePage();
    await as(page, 'technician');
    await useLanguage(page, 'en');
    await page.goto(`${url}/#/fleet`);
    await settled(page, 'fleet-page');
    // A bench that is up now (a self-test failing on a busy machine may have quarantined one).
    await expect
      .poll(() => page.locator('[data-condition="online"][data-testid^="fleet-row-"]').count(), {
        timeout: 20_000,
      })
      .toBeGreaterThan(0);
    const testId = await page
      .locator('[data-condition="online"][data-testid^="fleet-row-"]')
      .first()
      .getAttribute('data-testid');
    const benchId = testId!.replace('fleet-row-', '');
    const card = page.getByTestId(testId!);
    await page.getByTestId(`set-quarantine-${benchId}`).click();
    await page.getByTestId('flag-reason').fill('Relay K2 sticks, replace it');
    await page.getByTestId('flag-save').click();
    await expect.poll(() => card.getAttribute('data-condition')).toBe('quarantined');
    const state = card.getByTestId('bench-state');
    expect(await state.textContent()).toContain('Quarantined');
    expect(await state.textContent()).toContain('Relay K2 sticks');
    // The public bench list says the same, by the same rule.
    await page.goto(`${url}/#/benches`);
    const item = page.getByTestId(`bench-item-${benchId}`).getByTestId('bench-state');
    await expect.poll(() => item.getAttribute('data-condition')).toBe('quarantined');
    // And so does the lab page of its pool, for a student.
    const student = new ApiClient(url);
    await student.signIn('student@demo.remotelab', password);
    const pool = (await student.call<BenchView[]>('GET', '/api/benches')).body.find(
      (b) => b.id === benchId,
    )?.pool;
    const [course] = (await student.call<Array<{ id: string }>>('GET', '/api/courses')).body;
    const labs = (
      await student.call<Array<{ id: string; pool: string }>>(
        'GET',
        `/api/courses/${course!.id}/labs`,
      )
    ).body;
    const lab = labs.find((l) => l.pool === pool);
    expect(lab, `a lab on the ${pool} pool`).toBeDefined();
    await as(page, 'student');
    await page.goto(`${url}/#/labs/${lab!.id}`);
    const onLab = page.getByTestId(`pool-bench-${benchId}`).getByTestId('bench-state');
    await expect.poll(() => onLab.getAttribute('data-condition')).toBe('quarantined');
    await page.close();
  });

  it('takes the README screenshots at both sizes in three languages', async () => {
    const page = await phonePage();
    await as(page, 'student');
    await page.locator('[data-lab-id] a').first().click();
    await settled(page, 'next-free');
    await screenshotBothSizes(page, 'student-week', () => settled(page, 'next-free'));

    // Omar's session runs since the seed: its page, live.
    await as(page, 'omar');
    const omar = new ApiClient(url);
    await omar.signIn('omar@demo.remotelab', password);
    const running = (
      await omar.call<Array<{ id: string; status: string }>>('GET', '/api/sessions')
    ).body.find((s) => s.status === 'active');
    expect(running).toBeDefined();
    await page.goto(`${url}/#/sessions/${running!.id}`);
    await page.getByTestId('session-view').waitFor({ timeout: 30_000 });
    await screenshotBothSizes(page, 'session', () => page.getByTestId('session-view').waitFor());

    await as(page, 'technician');
    await page.goto(`${url}/#/fleet`);
    await settled(page, 'fleet-page');
    await screenshotBothSizes(page, 'fleet', () => settled(page, 'fleet-page'));

    await as(page, 'instructor');
    const routes = await routesOf(page);
    const designer = routes.find(([, testId]) => testId === 'lab-designer');
    expect(designer).toBeDefined();
    await page.goto(`${url}/${designer![0]}`);
    await settled(page, 'lab-designer');
    await screenshotBothSizes(page, 'lab-designer', () => settled(page, 'lab-designer'));
    await page.close();
  });
});

/** Every page the signed-in person can reach, with the test id it shows when drawn. */
async function routesOf(page: Page): Promise<Array<[string, string]>> {
  // A string, not a function: the test runner's transform must not reach into the page.
  return page.evaluate(`(async () => {
    const get = async (u) => { const r = await fetch(u); return r.ok ? r.json() : []; };
    const me = await get('/api/auth/me');
    const role = me.user.role;
    const out = [['#/benches', 'bench-list']];
    const benches = await get('/api/benches');
    if (benches[0]) out.push(['#/bench/' + benches[0].id, 'bench-view']);
    if (role === 'technician' || role === 'admin') out.push(['#/fleet', 'fleet-page'], ['#/fleet/log', 'fleet-log-page']);
    if (role === 'student' || role === 'instructor' || role === 'admin') {
      out.push(['#/history', 'history-page']);
      const sessions = await get('/api/sessions');
      for (const s of sessions.slice(0, 2)) out.push(['#/sessions/' + s.id, 'session-page']);
    }
    if (role === 'student') {
      out.push(['#/labs', 'labs-page']);
    }
    if (role === 'instructor' || role === 'admin') {
      out.push(['#/teach', 'courses-page'], ['#/teach/live', 'live-page']);
      const courses = await get('/api/courses');
      for (const c of courses.slice(0, 1)) {
        out.push(['#/teach/courses/' + c.id, 'course-page'], ['#/teach/courses/' + c.id + '/new-lab', 'lab-designer']);
        const labs = await get('/api/courses/' + c.id + '/labs');
        for (const l of labs.slice(0, 1)) {
          out.push(['#/teach/labs/' + l.id + '/edit', 'lab-designer'], ['#/teach/labs/' + l.id + '/results', 'results-page']);
        }
      }
    }
    if (role === 'student' || role === 'instructor' || role === 'admin') {
      const courses = await get('/api/courses');
      for (const c of courses.slice(0, 1)) {
        const labs = await get('/api/courses/' + c.id + '/labs');
        for (const l of labs) out.push(['#/labs/' + l.id, 'lab-page']);
      }
    }
    return out;
  })()`);
}
