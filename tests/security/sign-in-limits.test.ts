import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.ts';
import { startSecurityPlatform, type SecurityPlatform } from '../support/security-platform.ts';

/**
 * Issue 9, item 3: the sign-in limit is reserved atomically in Redis before the password is
 * checked, so a burst of concurrent guesses gets exactly the allowed number of real checks.
 */
describe('sign-in limiting under concurrency (real Redis)', () => {
  let s: SecurityPlatform;
  beforeAll(async () => {
    s = await startSecurityPlatform();
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('20 concurrent wrong passwords: 5 are checked, 15 are refused before any check', async () => {
    const user = await s.account();
    const client = new ApiClient(s.platform.url);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        client.call<{ error: { code: string } }>('POST', '/api/auth/sign-in', {
          email: user.email,
          password: `wrong guess ${i}`,
        }),
      ),
    );
    const codes = answers.map((a) => a.body.error.code);
    expect(codes.filter((c) => c === 'AUTH_FAILED')).toHaveLength(5);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(15);
    // Every real check leaves an audit row: 5, not 20.
    const audited = await s.platform.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'sign-in-failed')
      .where('actor_id', '=', user.id)
      .execute();
    expect(audited).toHaveLength(5);
  });

  it('a success gives its reservation back: the address is not charged for good sign-ins', async () => {
    const client = new ApiClient(s.platform.url);
    // 60 good sign-ins from one address (a lab room behind one NAT) exceed the 50 per address.
    for (let i = 0; i < 6; i += 1) {
      const users = await Promise.all(Array.from({ length: 10 }, () => s.account()));
      const answers = await Promise.all(
        users.map((u) =>
          client.call('POST', '/api/auth/sign-in', {
            email: u.email,
            password: 'correct horse battery staple',
          }),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    }
  });
});
