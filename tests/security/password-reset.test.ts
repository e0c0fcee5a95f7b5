import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.ts';
import { DATABASE_KINDS } from '../support/test-databases.ts';
import {
  SECURITY_PASSWORD,
  startSecurityPlatform,
  type SecurityPlatform,
} from '../support/security-platform.ts';

/**
 * Issue 9, item 5: a reset confirmation is limited per address (an anonymous caller cannot keep
 * the server hashing), and using one reset link voids the user's other outstanding links.
 * (That the token is checked before any hashing is pinned by server/src/auth/auth-service.test.ts.)
 */
describe.each(DATABASE_KINDS)('password reset confirmation on %s', (kind) => {
  let s: SecurityPlatform;
  beforeAll(async () => {
    s = await startSecurityPlatform({}, kind);
  });
  afterAll(async () => {
    await s?.stop();
  });

  function tokenOf(text: string): string {
    const token = /reset-password\?token=([\w-]+)/.exec(text)?.[1];
    if (!token) throw new Error(`no reset link in: ${text}`);
    return token;
  }

  it('using the newer link voids the older one', async () => {
    const user = await s.account();
    const client = new ApiClient(s.platform.url);
    for (let i = 0; i < 2; i += 1)
      expect(
        (await client.call('POST', '/api/auth/password-reset', { email: user.email })).status,
      ).toBe(202);
    const links = s.mail.filter((m) => m.to === user.email).map((m) => tokenOf(m.text));
    expect(links).toHaveLength(2);
    const [older, newer] = links as [string, string];
    const used = await client.call('POST', '/api/auth/password-reset/confirm', {
      token: newer,
      password: 'a brand new passphrase',
    });
    expect(used.status).toBe(204);
    const stale = await client.call<{ error: { code: string } }>(
      'POST',
      '/api/auth/password-reset/confirm',
      { token: older, password: 'the attacker passphrase' },
    );
    expect(stale.status).toBe(400);
    expect(stale.body.error.code).toBe('BAD_REQUEST');
    expect((await client.signIn(user.email, 'a brand new passphrase')).status).toBe(200);
    expect((await new ApiClient(s.platform.url).signIn(user.email, SECURITY_PASSWORD)).status).toBe(
      401,
    );
  });

  it('limits unusable links per address: the 11th answers RATE_LIMITED with Retry-After', async () => {
    // The stale link of the test above counted too: start this address from zero.
    const counted = await s.platform.services.redis.keys(`${s.prefix}:auth:reset-ip:*`);
    if (counted.length > 0) await s.platform.services.redis.del(...counted);
    const client = new ApiClient(s.platform.url);
    const answers = [];
    for (let i = 0; i < 11; i += 1) {
      answers.push(
        await client.call<{ error: { code: string } }>('POST', '/api/auth/password-reset/confirm', {
          // Well-formed (43 base64url characters) but issued to no one.
          token: randomBytes(32).toString('base64url'),
          password: 'whatever passphrase',
        }),
      );
    }
    expect(answers.slice(0, 10).map((a) => a.status)).toEqual(Array(10).fill(400));
    const last = answers[10]!;
    expect(last.status).toBe(429);
    expect(last.body.error.code).toBe('RATE_LIMITED');
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
