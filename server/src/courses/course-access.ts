import type { Kysely } from 'kysely';
import { ProtocolError } from '@remotelab/protocol';
import type { Database } from '../db/database.schema.ts';
import type { Actor } from '../core/actor.ts';

export interface CourseRow {
  id: string;
  code: string;
  title: string;
  owner_id: string;
  created_at: number;
  time_zone: string;
}

/**
 * Who may do what with a course. Admins everything; its instructor (owner) manages it; students of
 * its groups view it. Anyone else gets NOT_FOUND: a course one may not see does not exist for them.
 */
export async function courseFor(
  db: Kysely<Database>,
  actor: Actor,
  courseId: string,
  need: 'view' | 'manage',
): Promise<CourseRow> {
  const course = await db
    .selectFrom('courses')
    .selectAll()
    .where('id', '=', courseId)
    .executeTakeFirst();
  if (!course) throw notFound();
  if (actor.role === 'admin' || course.owner_id === actor.id) return course;
  if (need === 'view' && actor.role === 'student' && (await isMember(db, actor.id, courseId)))
    return course;
  throw notFound();
}

async function isMember(db: Kysely<Database>, userId: string, courseId: string): Promise<boolean> {
  const row = await db
    .selectFrom('group_members')
    .innerJoin('course_groups', 'course_groups.id', 'group_members.group_id')
    .select('group_members.user_id')
    .where('group_members.user_id', '=', userId)
    .where('course_groups.course_id', '=', courseId)
    .executeTakeFirst();
  return row !== undefined;
}

function notFound(): ProtocolError {
  return new ProtocolError('NOT_FOUND', 'There is no such course, or it is not yours.');
}
