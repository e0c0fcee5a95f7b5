import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.ts';
import { DATABASE_KINDS } from '../support/test-databases.ts';
import {
  SECURITY_PASSWORD,
  startSecurityPlatform,
  type SecurityPlatform,
} from '../support/security-platform.ts';

/**
 * Issue 9, item 12: a lone UTF-16 surrogate (`"\ud800"` in JSON, half of an emoji) has no UTF-8
 * form. Text fields refuse it with a 400 and a clear message, and nothing is written; a whole
 * emoji (a surrogate pair) is welcome.
 */
describe.each(DATABASE_KINDS)('lone surrogates on %s', (kind) => {
  let s: SecurityPlatform;
  let client: ApiClient;
  let userId = '';
  beforeAll(async () => {
    s = await startSecurityPlatform({}, kind);
    const user = await s.account('admin');
    userId = user.id;
    client = new ApiClient(s.platform.url);
    expect((await client.signIn(user.email, SECURITY_PASSWORD)).status).toBe(200);
  });
  afterAll(async () => {
    await s?.stop();
  });

  const storedName = async () =>
    (
      await s.platform.db
        .selectFrom('users')
        .select('display_name')
        .where('id', '=', userId)
        .executeTakeFirstOrThrow()
    ).display_name;

  it.each([
    ['a high surrogate alone', '"Leila \\ud83d"'],
    ['a low surrogate alone', '"\\udc4d Leila"'],
    ['two high surrogates', '"\\ud83d\\ud83d"'],
  ])('refuses %s in a one-line text', async (_label, json) => {
    const before = await storedName();
    const answer = await client.call<{ error: { code: string; message: string } }>(
      'PATCH',
      '/api/auth/me',
      undefined,
      { raw: `{"displayName":${json}}` },
    );
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('BAD_REQUEST');
    expect(answer.body.error.message).toMatch(/surrogate/);
    expect(await storedName()).toBe(before);
  });

  it('refuses one in a course title and writes no course', async () => {
    const owner = await s.account('instructor');
    const courses = await s.platform.db
      .selectFrom('courses')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const answer = await client.call<{ error: { message: string } }>(
      'POST',
      '/api/courses',
      undefined,
      { raw: `{"code":"ELEC-9","title":"Circuits \\udfff","ownerId":"${owner.id}"}` },
    );
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toMatch(/surrogate/);
    // The same course without the broken character is accepted: the refusal was for it alone.
    expect(
      (
        await client.call('POST', '/api/courses', {
          code: 'ELEC-9',
          title: 'Circuits',
          ownerId: owner.id,
        })
      ).status,
    ).toBe(201);
    const after = await s.platform.db
      .selectFrom('courses')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(courses.n) + 1);
  });

  it('keeps a whole emoji (a surrogate pair)', async () => {
    const answer = await client.call('PATCH', '/api/auth/me', undefined, {
      raw: '{"displayName":"Leila \\ud83d\\udc4d"}',
    });
    expect(answer.status).toBe(200);
    expect(await storedName()).toBe('Leila 👍');
  });
});
