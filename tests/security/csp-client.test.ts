import { existsSync } from 'node:fs';
import path from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.ts';
import { freePort } from '../support/free-port.ts';
import {
  SECURITY_PASSWORD,
  startSecurityPlatform,
  type SecurityPlatform,
} from '../support/security-platform.ts';
import {
  loadRcFilter,
  startTestAgent,
  startTestBoard,
  testWorkspace,
} from '../support/test-stack.ts';
import type { RunningAgent } from '@remotelab/lab-agent';

/**
 * Issue 9, items 6 and 7 in a real browser: the built web client runs under the server's CSP
 * with no violation and no console error (the live bench streams over socket.io, a signed-in
 * admin's pages, the API docs), an injected inline script IS refused (so the listener can see a
 * violation), and a page of another origin can neither frame the app nor open its socket.
 */
describe('the built client under the CSP, in Chromium', () => {
  const ws = testWorkspace();
  let s: SecurityPlatform;
  let board: Awaited<ReturnType<typeof startTestBoard>>;
  let agent: RunningAgent;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let stranger: Server;
  let strangerUrl = '';
  let adminEmail = '';

  beforeAll(async () => {
    if (!existsSync(path.resolve(import.meta.dirname, '../../web/dist/index.html')))
      throw new Error('Build the web client first: npm run build -w web');
    const port = await freePort();
    s = await startSecurityPlatform(
      {
        LAB_PUBLIC_URL: `http://127.0.0.1:${port}`,
        LAB_AGENT_TOKENS: `test-agent:${ws.tokenFor('test-agent')}`,
        LAB_AUTO_ENROLL_BENCHES: 'true',
        LAB_COMMANDS_NEED_SESSION: 'false',
      },
      'sqlite',
      { port },
    );
    const rc = await loadRcFilter();
    const link = path.join(ws.dir, 'rc.tty');
    board = await startTestBoard(rc, link);
    agent = startTestAgent(s.platform, ws, [{ definition: rc, port: link }]);
    adminEmail = (await s.account('admin')).email;
    // A page of another origin (another port of the same host: the same site).
    stranger = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end(
        `<!doctype html><iframe id="framed" src="${s.platform.url}/"></iframe>` +
          // A WebSocket is not held back by CORS: only the server's Origin check stops it.
          `<script>window.socketResult = new Promise((resolve) => {` +
          `const ws = new WebSocket("${s.platform.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket");` +
          `ws.onopen = () => resolve("open"); ws.onclose = () => resolve("refused"); });</script>`,
      );
    });
    await new Promise<void>((resolve) => stranger.listen(0, '127.0.0.1', resolve));
    strangerUrl = `http://127.0.0.1:${(stranger.address() as AddressInfo).port}`;
    chromium = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
    await new Promise((resolve) => stranger?.close(resolve));
    await agent?.stop();
    await board?.close();
    await s?.stop();
    ws.cleanup();
  });

  /** A page that records CSP violations, console errors and uncaught errors. */
  async function watchedPage(): Promise<{ page: Page; problems: string[] }> {
    const page = await chromium.context.newPage();
    const problems: string[] = [];
    await page.exposeFunction('reportViolation', (text: string) => problems.push(text));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        const report = (window as unknown as { reportViolation(text: string): void })
          .reportViolation;
        report(`CSP ${event.violatedDirective}: ${event.blockedURI} from ${event.sourceFile}`);
      });
    });
    page.on('console', (message) => {
      // Asking who is signed in answers 401 to an anonymous page: the app's normal first step.
      const anonymousMe =
        /status of 401/.test(message.text()) && message.location().url.endsWith('/api/auth/me');
      if (message.type() === 'error' && !anonymousMe) problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    return { page, problems };
  }

  it('runs the live bench, the sign-in, the admin pages and the docs with no violation', async () => {
    const { page, problems } = await watchedPage();
    const first = await page.goto(`${s.platform.url}/#/bench/rc-filter`);
    expect(first?.headers()['content-security-policy']).toContain("script-src 'self'");
    const readout = page.getByTestId('readout-vout');
    // Measured values arrived over the socket: connect-src and the socket handshake both passed.
    await expect
      .poll(async () => Number((await readout.getAttribute('data-value')) || NaN), {
        timeout: 20_000,
      })
      .toBeLessThan(0.5);
    await expect
      .poll(() => page.getByTestId('connection-state').getAttribute('data-state'))
      .toBe('connected');
    // The service worker (same-origin /sw.js) registers and activates under the same policy.
    expect(
      await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL),
    ).toBe(`${s.platform.url}/sw.js`);

    await page.goto(`${s.platform.url}/#/sign-in`);
    await page.getByTestId('sign-in-form').waitFor();
    await page.locator('input[name="email"]').fill(adminEmail);
    await page.locator('input[name="password"]').fill(SECURITY_PASSWORD);
    await page.getByTestId('sign-in-submit').click();
    await page.getByTestId('user-menu').waitFor();
    for (const route of ['#/fleet', '#/fleet/log', '#/teach', '#/benches']) {
      await page.goto(`${s.platform.url}/${route}`);
      await page.getByTestId('user-menu').waitFor();
    }
    await page.goto(`${s.platform.url}/api/docs`);
    // The docs page's inline stylesheet applies (allowed by its hash): its h1 is not the default.
    expect(
      await page.evaluate(() => getComputedStyle(document.body).getPropertyValue('max-width')),
    ).toBe('960px');
    expect(problems).toEqual([]);

    // The listener does see a violation when there is one: an inline script is refused.
    await page.goto(`${s.platform.url}/#/benches`);
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.injected = true';
      document.body.append(script);
    });
    await expect.poll(() => problems.some((p) => p.startsWith('CSP script-src'))).toBe(true);
    expect(await page.evaluate(() => (window as { injected?: boolean }).injected)).toBeUndefined();
    await page.close();
  }, 90_000);

  it('a page of another origin can neither frame the app nor open its socket', async () => {
    // The admin signed in through the page above: this browser holds the cookie a hijacking
    // page would ride on (another port of 127.0.0.1 is the same site).
    expect((await chromium.context.cookies(s.platform.url)).length).toBeGreaterThan(0);
    const page = await chromium.context.newPage();
    const consoleLines: string[] = [];
    page.on('console', (message) => consoleLines.push(message.text()));
    await page.goto(strangerUrl);
    const socketResult = await page.evaluate(
      () => (window as unknown as { socketResult: Promise<unknown> }).socketResult,
    );
    expect(socketResult).toBe('refused');
    await expect
      .poll(() => consoleLines.some((line) => /frame-ancestors/.test(line)), { timeout: 10_000 })
      .toBe(true);
    const framed = page.frames().find((frame) => frame !== page.mainFrame());
    expect(await framed?.locator('#root').count()).not.toBe(1);
    await page.close();
  }, 60_000);
});
