import { randomUUID } from 'node:crypto';
import { ProtocolError, type Course, type Group } from '@remotelab/protocol';
import { isUniqueViolation } from '../db/db-errors.ts';
import type { ServiceDeps } from '../service-deps.ts';
import type { Actor } from '../core/actor.ts';
import { normaliseEmail } from '../users/user-dto.ts';
import { courseFor, type CourseRow } from './course-access.ts';

const toCourse = (row: CourseRow): Course => ({
  id: row.id,
  code: row.code,
  title: row.title,
  ownerId: row.owner_id,
  createdAt: row.created_at,
  timeZone: row.time_zone,
});

/** Courses (owned by an instructor), their groups and the students in them. */
export class CourseService {
  constructor(private readonly deps: ServiceDeps) {}

  async list(actor: Actor): Promise<Course[]> {
    const { db } = this.deps;
    let select = db.selectFrom('courses').selectAll('courses');
    if (actor.role === 'instructor') select = select.where('owner_id', '=', actor.id);
    if (actor.role === 'student') {
      select = select.where('courses.id', 'in', (eb) =>
        eb
          .selectFrom('course_groups')
          .innerJoin('group_members', 'group_members.group_id', 'course_groups.id')
          .select('course_groups.course_id')
          .where('group_members.user_id', '=', actor.id),
      );
    }
    return (await select.orderBy('code').execute()).map(toCourse);
  }

  async get(actor: Actor, courseId: string): Promise<Course> {
    return toCourse(await courseFor(this.deps.db, actor, courseId, 'view'));
  }

  async create(
    actor: Actor,
    input: {
      code: string;
      title: string;
      ownerId?: string | undefined;
      timeZone?: string | undefined;
    },
  ): Promise<Course> {
    const { db, now } = this.deps;
    let ownerId = actor.id;
    if (actor.role === 'admin') {
      if (!input.ownerId)
        throw new ProtocolError(
          'BAD_REQUEST',
          'Name the instructor who owns the course (ownerId).',
        );
      ownerId = input.ownerId;
    } else if (input.ownerId && input.ownerId !== actor.id) {
      throw new ProtocolError('FORBIDDEN', 'Instructors create courses they own.');
    }
    const owner = await db
      .selectFrom('users')
      .select('role')
      .where('id', '=', ownerId)
      .executeTakeFirst();
    if (owner?.role !== 'instructor' && owner?.role !== 'admin') {
      throw new ProtocolError('BAD_REQUEST', 'The owner of a course must be an instructor.');
    }
    const row = {
      id: randomUUID(),
      code: input.code,
      title: input.title,
      owner_id: ownerId,
      created_at: now(),
      time_zone: input.timeZone ?? 'UTC',
    };
    try {
      await db.insertInto('courses').values(row).execute();
    } catch (error) {
      if (isUniqueViolation(error))
        throw new ProtocolError('CONFLICT', `A course with code ${input.code} exists.`);
      throw error;
    }
    return toCourse(row);
  }

  async listGroups(actor: Actor, courseId: string): Promise<Group[]> {
    await courseFor(this.deps.db, actor, courseId, 'manage');
    const rows = await this.deps.db
      .selectFrom('course_groups')
      .leftJoin('group_members', 'group_members.group_id', 'course_groups.id')
      .select(['course_groups.id', 'course_groups.course_id', 'course_groups.name'])
      .select((eb) => eb.fn.count<number>('group_members.user_id').as('members'))
      .where('course_groups.course_id', '=', courseId)
      .groupBy(['course_groups.id', 'course_groups.course_id', 'course_groups.name'])
      .orderBy('course_groups.name')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      courseId: r.course_id,
      name: r.name,
      memberCount: Number(r.members),
    }));
  }

  async createGroup(actor: Actor, courseId: string, name: string): Promise<Group> {
    await courseFor(this.deps.db, actor, courseId, 'manage');
    const row = { id: randomUUID(), course_id: courseId, name, created_at: this.deps.now() };
    try {
      await this.deps.db.insertInto('course_groups').values(row).execute();
    } catch (error) {
      if (isUniqueViolation(error))
        throw new ProtocolError('CONFLICT', `This course already has a group "${name}".`);
      throw error;
    }
    return { id: row.id, courseId, name, memberCount: 0 };
  }

  async listMembers(actor: Actor, courseId: string, groupId: string) {
    await this.groupOf(actor, courseId, groupId);
    const rows = await this.deps.db
      .selectFrom('group_members')
      .innerJoin('users', 'users.id', 'group_members.user_id')
      .select(['users.id', 'users.email', 'users.display_name'])
      .where('group_members.group_id', '=', groupId)
      .orderBy('users.email')
      .execute();
    return rows.map((r) => ({ id: r.id, email: r.email, displayName: r.display_name }));
  }

  /** Adds students by email, all or nothing: an unknown email or a non-student and none is added. */
  async addMembers(
    actor: Actor,
    courseId: string,
    groupId: string,
    emails: readonly string[],
  ): Promise<{ added: number }> {
    await this.groupOf(actor, courseId, groupId);
    const wanted = [...new Set(emails.map(normaliseEmail))];
    return this.deps.db.transaction().execute(async (trx) => {
      const users = await trx
        .selectFrom('users')
        .select(['id', 'email', 'role'])
        .where('email', 'in', wanted)
        .execute();
      const missing = wanted.filter((email) => !users.some((u) => u.email === email));
      if (missing.length > 0)
        throw new ProtocolError('BAD_REQUEST', `No account for ${missing.slice(0, 5).join(', ')}.`);
      const notStudents = users.filter((u) => u.role !== 'student').map((u) => u.email);
      if (notStudents.length > 0)
        throw new ProtocolError(
          'BAD_REQUEST',
          `Only students join groups: ${notStudents.slice(0, 5).join(', ')}.`,
        );
      const present = await trx
        .selectFrom('group_members')
        .select('user_id')
        .where('group_id', '=', groupId)
        .execute();
      const fresh = users.filter((u) => !present.some((p) => p.user_id === u.id));
      if (fresh.length > 0) {
        await trx
          .insertInto('group_members')
          .values(fresh.map((u) => ({ group_id: groupId, user_id: u.id })))
          .execute();
      }
      return { added: fresh.length };
    });
  }

  async removeMember(
    actor: Actor,
    courseId: string,
    groupId: string,
    userId: string,
  ): Promise<void> {
    await this.groupOf(actor, courseId, groupId);
    const result = await this.deps.db
      .deleteFrom('group_members')
      .where('group_id', '=', groupId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (Number(result.numDeletedRows) === 0)
      throw new ProtocolError('NOT_FOUND', 'This user is not in the group.');
  }

  private async groupOf(actor: Actor, courseId: string, groupId: string) {
    await courseFor(this.deps.db, actor, courseId, 'manage');
    const group = await this.deps.db
      .selectFrom('course_groups')
      .selectAll()
      .where('id', '=', groupId)
      .where('course_id', '=', courseId)
      .executeTakeFirst();
    if (!group) throw new ProtocolError('NOT_FOUND', 'There is no such group in this course.');
    return group;
  }
}
