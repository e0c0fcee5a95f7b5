import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.ts';
import { DATABASE_KINDS } from '../support/test-databases.ts';
import { PASSWORD, startStorageFixture, type StorageFixture } from '../support/storage-fixture.ts';

/** Accounts, sign-in sessions, CSRF, rate limiting, password reset and the audit log, on each database. */
describe.each(DATABASE_KINDS)('accounts on %s', (kind) => {
  let f: StorageFixture;
  beforeAll(async () => {
    f = await startStorageFixture(kind);
  });
  afterAll(async () => {
    await f?.stop();
  });

  it('signs in with an httpOnly SameSite=Lax cookie and tells who is signed in', async () => {
    const user = await f.account('student');
    const client = new ApiClient(f.platform.url);
    const answer = await client.signIn(user.email.toUpperCase(), PASSWORD);
    expect(answer.status).toBe(200);
    const cookie = answer.headers.get('set-cookie')!;
    expect(cookie).toMatch(
      /^remotelab_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/,
    );
    expect(cookie).not.toContain('Secure');
    const me = await client.call<{ user: { email: string; role: string }; csrfToken: string }>(
      'GET',
      '/api/auth/me',
    );
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ email: user.email, role: 'student' });
    expect(me.body.csrfToken).toBe(client.csrfToken);
    // The database keeps the token's SHA-256, not the token.
    const token = client.cookie!.split('=')[1]!;
    const stored = await f.platform.db
      .selectFrom('auth_sessions')
      .select('token_hash')
      .where('user_id', '=', user.id)
      .execute();
    expect(stored.map((s) => s.token_hash)).not.toContain(token);
    expect(stored.every((s) => /^[0-9a-f]{64}$/.test(s.token_hash))).toBe(true);
  });

  it('ignores X-Forwarded-Proto unless LAB_TRUST_PROXY is set (no Secure cookie on plain http)', async () => {
    const user = await f.account('student');
    const client = new ApiClient(f.platform.url);
    const answer = await client.call(
      'POST',
      '/api/auth/sign-in',
      { email: user.email, password: PASSWORD },
      { headers: { 'x-forwarded-proto': 'https' } },
    );
    expect(answer.headers.get('set-cookie')).not.toContain('Secure');
  });

  it('refuses a state-changing request without the CSRF token, and accepts it with', async () => {
    const user = await f.account('student');
    const before = await f.platform.db
      .selectFrom('users')
      .select('display_name')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    for (const csrf of [false, 'not-the-token'] as const) {
      const answer = await user.client.call(
        'PATCH',
        '/api/auth/me',
        { displayName: 'Changed' },
        { csrf },
      );
      expect(answer.status).toBe(403);
      expect(answer.body).toEqual({
        error: { code: 'FORBIDDEN', message: expect.stringContaining('X-CSRF-Token') },
      });
    }
    const after = await f.platform.db
      .selectFrom('users')
      .select('display_name')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual(before);
    expect(
      (await user.client.call('PATCH', '/api/auth/me', { displayName: 'Changed' })).status,
    ).toBe(200);
  });

  it('refuses a body that is not JSON (no form-based CSRF on sign-in either)', async () => {
    const answer = await new ApiClient(f.platform.url).call(
      'POST',
      '/api/auth/sign-in',
      undefined,
      {
        raw: 'email=a%40b.org&password=x',
        contentType: 'application/x-www-form-urlencoded',
      },
    );
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: { code: 'BAD_REQUEST' } });
  });

  it('signs out: the cookie stops working', async () => {
    const user = await f.account('instructor');
    const cookie = user.client.cookie;
    expect((await user.client.call('POST', '/api/auth/sign-out')).status).toBe(204);
    const stale = new ApiClient(f.platform.url);
    stale.cookie = cookie;
    expect((await stale.call('GET', '/api/auth/me')).status).toBe(401);
  });

  it('expires sign-ins after the session lifetime', async () => {
    const user = await f.account('student');
    expect((await user.client.call('GET', '/api/auth/me')).status).toBe(200);
    f.advanceClock(12 * 3600 * 1000 + 1000);
    try {
      expect((await user.client.call('GET', '/api/auth/me')).body).toMatchObject({
        error: { code: 'UNAUTHENTICATED' },
      });
    } finally {
      f.advanceClock(-(12 * 3600 * 1000 + 1000));
    }
  });

  it('answers a wrong password and an unknown email alike, and audits both', async () => {
    const user = await f.account('student');
    const client = new ApiClient(f.platform.url);
    const wrong = await client.signIn(user.email, 'not the password');
    const unknown = await client.signIn(`${f.unique('nobody')}@example.org`, 'not the password');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const audit = await f.users.admin.client.call<
      Array<{ action: string; actorId: string | null; detail: { email: string } }>
    >('GET', '/api/audit?action=sign-in-failed&limit=500');
    const emails = audit.body.map((entry) => entry.detail.email);
    expect(emails).toContain(user.email);
    expect(audit.body.find((e) => e.detail.email === user.email)?.actorId).toBe(user.id);
  });

  it('rate limits failed sign-ins per email and address, with Retry-After, then lets the right password through later', async () => {
    const user = await f.account('student');
    const client = new ApiClient(f.platform.url);
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      expect((await client.signIn(user.email, `wrong ${attempt}`)).status).toBe(401);
    }
    const limited = await client.signIn(user.email, PASSWORD);
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(800);
    expect(retryAfter).toBeLessThanOrEqual(900);
    // Another account from the same address is not blocked by this one's failures.
    const other = await f.account('student');
    expect((await new ApiClient(f.platform.url).signIn(other.email, PASSWORD)).status).toBe(200);
    // When the window ends (Redis expires the counter), the right password works again.
    const keys = await f.platform.services.redis.keys(`${f.prefix}:auth:fail:*`);
    await f.platform.services.redis.del(...keys);
    expect((await client.signIn(user.email, PASSWORD)).status).toBe(200);
  });

  it('resets a password with a single-use link valid one hour, signing out every device', async () => {
    const user = await f.account('student');
    const anonymous = new ApiClient(f.platform.url);
    const unknown = await anonymous.call('POST', '/api/auth/password-reset', {
      email: `${f.unique('ghost')}@example.org`,
    });
    expect(unknown.status).toBe(202);
    const mailsBefore = f.mail.length;
    const known = await anonymous.call('POST', '/api/auth/password-reset', { email: user.email });
    expect(known.status).toBe(202);
    expect(known.body).toEqual(unknown.body);
    expect(f.mail.length).toBe(mailsBefore + 1);
    const message = f.mail[f.mail.length - 1]!;
    expect(message.to).toBe(user.email);
    const token = /token=([A-Za-z0-9_-]{43})/.exec(message.text)![1]!;
    expect(message.text).toContain(`http://localhost:8080/reset-password?token=${token}`);

    const confirm = await anonymous.call('POST', '/api/auth/password-reset/confirm', {
      token,
      password: 'a brand new password',
    });
    expect(confirm.status).toBe(204);
    expect((await user.client.call('GET', '/api/auth/me')).status).toBe(401);
    expect(
      (await new ApiClient(f.platform.url).signIn(user.email, 'a brand new password')).status,
    ).toBe(200);
    const again = await anonymous.call('POST', '/api/auth/password-reset/confirm', {
      token,
      password: 'yet another password',
    });
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({
      error: { code: 'BAD_REQUEST', message: expect.stringContaining('expired') },
    });
  });

  it('refuses a reset link older than an hour', async () => {
    const user = await f.account('student');
    await new ApiClient(f.platform.url).call('POST', '/api/auth/password-reset', {
      email: user.email,
    });
    const token = /token=([A-Za-z0-9_-]{43})/.exec(f.mail[f.mail.length - 1]!.text)![1]!;
    f.advanceClock(60 * 60 * 1000 + 1);
    try {
      const late = await new ApiClient(f.platform.url).call(
        'POST',
        '/api/auth/password-reset/confirm',
        { token, password: 'a brand new password' },
      );
      expect(late.status).toBe(400);
    } finally {
      f.advanceClock(-(60 * 60 * 1000 + 1));
    }
    expect((await new ApiClient(f.platform.url).signIn(user.email, PASSWORD)).status).toBe(200);
  });

  it('lets an admin create accounts (emails unique whatever their case) and invites those without password', async () => {
    const admin = f.users.admin.client;
    const email = `${f.unique('Amal')}@Example.org`;
    const created = await admin.call<{ id: string; email: string }>('POST', '/api/users', {
      email,
      displayName: 'أمل بن صالح',
      role: 'student',
      locale: 'ar',
      timezone: 'Africa/Algiers',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      email: email.toLowerCase(),
      displayName: 'أمل بن صالح',
      locale: 'ar',
      timezone: 'Africa/Algiers',
    });
    expect(JSON.stringify(created.body)).not.toContain('password');
    const invite = f.mail[f.mail.length - 1]!;
    expect(invite.to).toBe(email.toLowerCase());
    const token = /token=([A-Za-z0-9_-]{43})/.exec(invite.text)![1]!;
    const duplicate = await admin.call('POST', '/api/users', {
      email: email.toUpperCase(),
      displayName: 'Again',
      role: 'student',
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({ error: { code: 'CONFLICT' } });
    // An invitation token works once, like a reset token.
    const anonymous = new ApiClient(f.platform.url);
    expect(
      (
        await anonymous.call('POST', '/api/auth/password-reset/confirm', {
          token,
          password: 'my first password',
        })
      ).status,
    ).toBe(204);
    expect((await anonymous.signIn(email, 'my first password')).status).toBe(200);
  });

  it('audits role changes and signs a disabled user out at once', async () => {
    const user = await f.account('student');
    const admin = f.users.admin.client;
    const promoted = await admin.call('PATCH', `/api/users/${user.id}`, { role: 'instructor' });
    expect(promoted.body).toMatchObject({ role: 'instructor' });
    const audit = await admin.call<
      Array<{ action: string; target: string; actorId: string; detail: unknown }>
    >('GET', '/api/audit?action=role-changed');
    expect(audit.body.find((e) => e.target === user.id)).toMatchObject({
      actorId: f.users.admin.id,
      detail: { from: 'student', to: 'instructor' },
    });
    expect((await admin.call('PATCH', `/api/users/${user.id}`, { disabled: true })).status).toBe(
      200,
    );
    expect((await user.client.call('GET', '/api/auth/me')).status).toBe(401);
    expect((await new ApiClient(f.platform.url).signIn(user.email, PASSWORD)).status).toBe(401);
    const self = await admin.call('PATCH', `/api/users/${f.users.admin.id}`, { role: 'student' });
    expect(self.status).toBe(409);
  });

  it('changes a password and signs the other devices out', async () => {
    const user = await f.account('technician');
    const laptop = new ApiClient(f.platform.url);
    await laptop.signIn(user.email, PASSWORD);
    const wrong = await user.client.call('POST', '/api/auth/password', {
      currentPassword: 'nope',
      newPassword: 'another long password',
    });
    expect(wrong.status).toBe(401);
    const changed = await user.client.call('POST', '/api/auth/password', {
      currentPassword: PASSWORD,
      newPassword: 'another long password',
    });
    expect(changed.status).toBe(204);
    expect((await user.client.call('GET', '/api/auth/me')).status).toBe(200);
    expect((await laptop.call('GET', '/api/auth/me')).status).toBe(401);
  });

  it('imports users from CSV all or nothing, with their groups', async () => {
    const admin = f.users.admin.client;
    const code = (
      await f.users.instructor.client.call<{ code: string }>(
        'GET',
        `/api/courses/${f.mainCourse.id}`,
      )
    ).body.code;
    const a = `${f.unique('csv-a')}@example.org`;
    const b = `${f.unique('csv-b')}@example.org`;
    const before = await f.rowCounts();
    const bad = await admin.call('POST', '/api/users/import', {
      csv: `email,name,role,group\n${a},"Ben Salah, Amal",student,${code}/G1\n${b},Bilal,wizard,\n`,
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      error: { code: 'BAD_REQUEST', message: expect.stringContaining('line 3') },
    });
    const unknownGroup = await admin.call('POST', '/api/users/import', {
      csv: `email,name,role,group\n${a},Amal,student,NOPE/G1\n`,
    });
    expect(unknownGroup.status).toBe(400);
    expect(await f.rowCounts()).toEqual(before);

    const good = await admin.call<{ created: Array<{ email: string; displayName: string }> }>(
      'POST',
      '/api/users/import',
      {
        csv: `\uFEFFemail,name,role,group\r\n${a},"Ben Salah, Amal",student,${code}/G1\r\n${b},Bilal,instructor,\r\n`,
      },
    );
    expect(good.status).toBe(201);
    expect(good.body.created.map((u) => [u.email, u.displayName])).toEqual([
      [a, 'Ben Salah, Amal'],
      [b, 'Bilal'],
    ]);
    const members = await f.users.instructor.client.call<Array<{ email: string }>>(
      'GET',
      `/api/courses/${f.mainCourse.id}/groups/${f.mainCourse.groupId}/members`,
    );
    expect(members.body.map((m) => m.email)).toContain(a);
    const again = await admin.call('POST', '/api/users/import', {
      csv: `email,name,role\n${a},Amal,student\n`,
    });
    expect(again.status).toBe(409);
  });
});
