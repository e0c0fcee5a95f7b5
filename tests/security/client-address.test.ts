import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.ts';
import { startSecurityPlatform, type SecurityPlatform } from '../support/security-platform.ts';

/**
 * Issue 9, item 4: behind a proxy, the client address is the one the trusted proxy appended
 * (the right-most X-Forwarded-For entry for one hop), never the left-most entry the client
 * wrote. Rate limits and the audit log both take it.
 */
describe.each([
  ['a hop count', '1'],
  ['the proxy address', '127.0.0.1'],
])('LAB_TRUST_PROXY as %s', (_label, trustProxy) => {
  let s: SecurityPlatform | undefined;
  afterEach(async () => {
    await s?.stop();
    s = undefined;
  });

  async function failedSignIn(client: ApiClient, email: string, forwardedFor: string) {
    return client.call<{ error: { code: string } }>(
      'POST',
      '/api/auth/sign-in',
      { email, password: 'not the password' },
      { headers: { 'x-forwarded-for': forwardedFor } },
    );
  }

  it('audits the address the proxy saw, not the one the client wrote', async () => {
    s = await startSecurityPlatform({ LAB_TRUST_PROXY: trustProxy });
    const user = await s.account();
    await failedSignIn(new ApiClient(s.platform.url), user.email, '203.0.113.9, 198.51.100.7');
    const rows = await s.platform.db
      .selectFrom('audit_log')
      .select('ip')
      .where('action', '=', 'sign-in-failed')
      .where('actor_id', '=', user.id)
      .execute();
    expect(rows.map((r) => r.ip)).toEqual(['198.51.100.7']);
  });

  it('a client rotating its own X-Forwarded-For entry still meets the per-account limit', async () => {
    s = await startSecurityPlatform({ LAB_TRUST_PROXY: trustProxy });
    const user = await s.account();
    const client = new ApiClient(s.platform.url);
    const codes: string[] = [];
    for (let i = 0; i < 7; i += 1) {
      const answer = await failedSignIn(client, user.email, `10.9.8.${i}, 198.51.100.7`);
      codes.push(answer.body.error.code);
    }
    expect(codes).toEqual([...Array(5).fill('AUTH_FAILED'), 'RATE_LIMITED', 'RATE_LIMITED']);
  });
});

describe('without LAB_TRUST_PROXY', () => {
  it('ignores X-Forwarded-For entirely', async () => {
    const s = await startSecurityPlatform();
    try {
      const user = await s.account();
      await new ApiClient(s.platform.url).call(
        'POST',
        '/api/auth/sign-in',
        { email: user.email, password: 'not the password' },
        { headers: { 'x-forwarded-for': '198.51.100.7' } },
      );
      const row = await s.platform.db
        .selectFrom('audit_log')
        .select('ip')
        .where('action', '=', 'sign-in-failed')
        .where('actor_id', '=', user.id)
        .executeTakeFirstOrThrow();
      expect(row.ip).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
    } finally {
      await s.stop();
    }
  });
});
