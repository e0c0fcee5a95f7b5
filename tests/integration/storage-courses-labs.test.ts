import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../support/test-databases.ts';
import {
  rcDescriptor,
  startStorageFixture,
  type StorageFixture,
} from '../support/storage-fixture.ts';

interface Lab {
  id: string;
  controls: Array<{ output: string; min?: number; max?: number }>;
  groupIds: string[];
  title: string;
}

/** Courses, groups and labs checked against the benches of their pool, on each database. */
describe.each(DATABASE_KINDS)('courses and labs on %s', (kind) => {
  let f: StorageFixture;
  beforeAll(async () => {
    f = await startStorageFixture(kind);
  });
  afterAll(async () => {
    await f?.stop();
  });

  it('shows each user only their courses', async () => {
    const list = async (who: 'student' | 'instructor' | 'admin' | 'otherStudent') =>
      (await f.users[who].client.call<Array<{ id: string }>>('GET', '/api/courses')).body
        .map((c) => c.id)
        .sort();
    expect(await list('instructor')).toEqual([f.mainCourse.id]);
    expect(await list('student')).toEqual([f.mainCourse.id]);
    expect(await list('otherStudent')).toEqual([f.otherCourse.id]);
    expect(await list('admin')).toEqual([f.mainCourse.id, f.otherCourse.id].sort());
  });

  it('refuses a duplicate course code and a group name twice', async () => {
    const code = (
      await f.users.instructor.client.call<{ code: string }>(
        'GET',
        `/api/courses/${f.mainCourse.id}`,
      )
    ).body.code;
    expect(
      (await f.users.instructor.client.call('POST', '/api/courses', { code, title: 'Again' }))
        .status,
    ).toBe(409);
    expect(
      (
        await f.users.instructor.client.call('POST', `/api/courses/${f.mainCourse.id}/groups`, {
          name: 'G1',
        })
      ).status,
    ).toBe(409);
  });

  it('adds only existing students to groups, all or nothing', async () => {
    const teacher = f.users.instructor.client;
    const path = `/api/courses/${f.mainCourse.id}/groups/${f.mainCourse.groupId}/members`;
    const before = await f.rowCounts();
    const unknown = await teacher.call('POST', path, {
      emails: [f.users.otherStudent.email, 'nobody@example.org'],
    });
    expect(unknown.body).toMatchObject({
      error: { code: 'BAD_REQUEST', message: expect.stringContaining('nobody@example.org') },
    });
    const notStudent = await teacher.call('POST', path, { emails: [f.users.technician.email] });
    expect(notStudent.status).toBe(400);
    expect(await f.rowCounts()).toEqual(before);
    expect(
      (await teacher.call('POST', path, { emails: [f.users.student.email.toUpperCase()] })).body,
    ).toEqual({ added: 0 });
  });

  it('stores a lab with its design, filling control ranges from the bench', async () => {
    const body = f.labBody([f.mainCourse.groupId]);
    body.controls = [
      { output: 'duty', max: 60 } as { output: string; min: number; max: number },
      { output: 'led' } as never,
    ];
    const created = await f.users.instructor.client.call<Lab>(
      'POST',
      `/api/courses/${f.mainCourse.id}/labs`,
      body,
    );
    expect(created.status).toBe(201);
    expect(created.body.controls).toEqual([{ output: 'duty', min: 0, max: 60 }, { output: 'led' }]);
    const read = await f.users.student.client.call<
      Lab & { instructions: string; steps: unknown; policy: unknown; slotMinutes: number }
    >('GET', `/api/labs/${created.body.id}`);
    expect(read.body).toMatchObject({
      instructions: body.instructions,
      steps: body.steps,
      policy: body.policy,
      slotMinutes: 20,
      groupIds: [f.mainCourse.groupId],
    });
  });

  it('refuses ranges wider than the bench, channels it lacks, and a pool with no known bench', async () => {
    const teacher = f.users.instructor.client;
    const path = `/api/courses/${f.mainCourse.id}/labs`;
    const before = await f.rowCounts();
    const wide = await teacher.call('POST', path, {
      ...f.labBody([]),
      controls: [{ output: 'duty', min: 0, max: 120 }],
    });
    expect(wide.status).toBe(400);
    expect(wide.body).toMatchObject({
      error: { code: 'OUT_OF_RANGE', message: expect.stringContaining('0-100') },
    });
    const missing = await teacher.call('POST', path, { ...f.labBody([]), inputs: ['current'] });
    expect(missing.body).toMatchObject({ error: { code: 'NOT_EXPOSED' } });
    const nowhere = await teacher.call('POST', path, { ...f.labBody([]), pool: 'op-amp' });
    expect(nowhere.status).toBe(404);
    expect(nowhere.body).toMatchObject({
      error: {
        code: 'UNKNOWN_BENCH',
        message: expect.stringContaining('No bench of pool "op-amp"'),
      },
    });
    const foreignGroup = await teacher.call('POST', path, f.labBody([f.otherCourse.groupId]));
    expect(foreignGroup.body).toMatchObject({
      error: { code: 'BAD_REQUEST', message: expect.stringContaining('groupIds') },
    });
    expect(await f.rowCounts()).toEqual(before);
  });

  it('checks a lab against every bench of its pool, the narrowest deciding', async () => {
    const id = 'rc-filter-9';
    const descriptor = rcDescriptor(id);
    const pwm = descriptor.outputs[0]!;
    if (pwm.kind !== 'digital-out') pwm.max = 50;
    await f.enrollBench(descriptor);
    const replaced = await f.users.instructor.client.call(
      'PUT',
      `/api/labs/${f.lab.id}`,
      f.labBody([f.mainCourse.groupId]),
    );
    expect(replaced.body).toMatchObject({
      error: { code: 'OUT_OF_RANGE', message: expect.stringContaining('rc-filter-9') },
    });
    const narrowed = await f.users.instructor.client.call<Lab>('PUT', `/api/labs/${f.lab.id}`, {
      ...f.labBody([f.mainCourse.groupId]),
      controls: [{ output: 'duty' }],
    });
    expect(narrowed.body.controls).toEqual([{ output: 'duty', min: 0, max: 50 }]);
    // put the pool back as the other tests expect it
    await f.platform.db.deleteFrom('benches').where('id', '=', id).execute();
  });

  it('lists to a student only the labs open to their groups', async () => {
    const closed = await f.users.instructor.client.call<Lab>(
      'POST',
      `/api/courses/${f.mainCourse.id}/labs`,
      { ...f.labBody([]), title: 'Closed lab' },
    );
    expect(closed.status).toBe(201);
    const seen = await f.users.student.client.call<Lab[]>(
      'GET',
      `/api/courses/${f.mainCourse.id}/labs`,
    );
    expect(seen.body.map((l) => l.title)).not.toContain('Closed lab');
    expect(seen.body.map((l) => l.id)).toContain(f.lab.id);
    expect((await f.users.student.client.call('GET', `/api/labs/${closed.body.id}`)).status).toBe(
      404,
    );
    const all = await f.users.instructor.client.call<Lab[]>(
      'GET',
      `/api/courses/${f.mainCourse.id}/labs`,
    );
    expect(all.body.map((l) => l.title)).toContain('Closed lab');
  });

  it('accepts inline raster images in instructions, refuses SVG and oversized ones', async () => {
    const png =
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
    const path = `/api/courses/${f.mainCourse.id}/labs`;
    const withPng = await f.users.instructor.client.call('POST', path, {
      ...f.labBody([]),
      instructions: `![circuit](data:image/png;base64,${png})`,
    });
    expect(withPng.status).toBe(201);
    const svg = await f.users.instructor.client.call('POST', path, {
      ...f.labBody([]),
      instructions: '![x](data:image/svg+xml;base64,PHN2Zz4=)',
    });
    expect(svg.status).toBe(400);
    const big = await f.users.instructor.client.call('POST', path, {
      ...f.labBody([]),
      instructions: `![x](data:image/png;base64,${'A'.repeat(400 * 1024)})`,
    });
    expect(big.status).toBe(400);
  });
});
