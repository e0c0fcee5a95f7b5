import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { ProtocolError, type Lab, type LabInput } from '@remotelab/protocol';
import type { Database, LabsTable } from '../db/database.schema.ts';
import type { ServiceDeps } from '../service-deps.ts';
import type { Actor } from '../core/actor.ts';
import type { BenchCatalog } from '../benches/bench-catalog.ts';
import { courseFor } from '../courses/course-access.ts';
import { checkLabControls } from './check-lab-controls.ts';

export type LabRow = Selectable<LabsTable>;

/**
 * Labs: the sessions instructors design. A lab belongs to a course, draws benches from a pool and
 * is open to some of the course's groups. What it exposes is checked against the pool's benches
 * on every save.
 */
export class LabService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly catalog: BenchCatalog,
  ) {}

  async list(actor: Actor, courseId: string): Promise<Lab[]> {
    const { db } = this.deps;
    const course = await courseFor(db, actor, courseId, 'view');
    let select = db.selectFrom('labs').selectAll().where('course_id', '=', courseId);
    if (actor.role === 'student' && course.owner_id !== actor.id) {
      select = select.where('labs.id', 'in', openLabsOf(db, actor.id));
    }
    return this.withGroups(await select.orderBy('title').execute());
  }

  async get(actor: Actor, labId: string): Promise<Lab> {
    return (await this.withGroups([await this.visibleRow(actor, labId)]))[0]!;
  }

  /** The lab row if `actor` may see it: its course's instructor, an admin, or a student of an allowed group. */
  async visibleRow(actor: Actor, labId: string): Promise<LabRow> {
    const { db } = this.deps;
    const row = await db.selectFrom('labs').selectAll().where('id', '=', labId).executeTakeFirst();
    if (!row) throw labNotFound();
    const course = await courseFor(db, actor, row.course_id, 'view').catch(() => undefined);
    if (!course) throw labNotFound();
    if (actor.role === 'admin' || course.owner_id === actor.id) return row;
    const open = await db
      .selectFrom('labs')
      .select('id')
      .where('id', '=', labId)
      .where('id', 'in', openLabsOf(db, actor.id))
      .executeTakeFirst();
    if (!open) throw labNotFound();
    return row;
  }

  /** True when `actor` manages the lab's course (its instructor or an admin). */
  async manages(actor: Actor, labId: string): Promise<boolean> {
    if (actor.role === 'admin') return true;
    const row = await this.deps.db
      .selectFrom('labs')
      .innerJoin('courses', 'courses.id', 'labs.course_id')
      .select('courses.owner_id')
      .where('labs.id', '=', labId)
      .executeTakeFirst();
    return row?.owner_id === actor.id;
  }

  async create(actor: Actor, courseId: string, input: LabInput): Promise<Lab> {
    await courseFor(this.deps.db, actor, courseId, 'manage');
    const controls = checkLabControls(
      input.pool,
      input.inputs,
      input.controls,
      await this.catalog.descriptorsOfPool(input.pool),
    );
    const id = randomUUID();
    const now = this.deps.now();
    await this.deps.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('labs')
        .values({
          id,
          course_id: courseId,
          ...columns(input, controls),
          created_at: now,
          updated_at: now,
        })
        .execute();
      await setGroups(trx, id, courseId, input.groupIds);
    });
    return this.get(actor, id);
  }

  /** Replaces a lab's design (PUT semantics): what is not sent returns to its default. */
  async replace(actor: Actor, labId: string, input: LabInput): Promise<Lab> {
    const row = await this.visibleRow(actor, labId);
    await courseFor(this.deps.db, actor, row.course_id, 'manage').catch(() => {
      throw labNotFound();
    });
    const controls = checkLabControls(
      input.pool,
      input.inputs,
      input.controls,
      await this.catalog.descriptorsOfPool(input.pool),
    );
    await this.deps.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('labs')
        .set({ ...columns(input, controls), updated_at: this.deps.now() })
        .where('id', '=', labId)
        .execute();
      await trx.deleteFrom('lab_groups').where('lab_id', '=', labId).execute();
      await setGroups(trx, labId, row.course_id, input.groupIds);
    });
    return this.get(actor, labId);
  }

  private async withGroups(rows: LabRow[]): Promise<Lab[]> {
    if (rows.length === 0) return [];
    const links = await this.deps.db
      .selectFrom('lab_groups')
      .select(['lab_id', 'group_id'])
      .where(
        'lab_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('group_id')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      courseId: row.course_id,
      title: row.title,
      pool: row.pool,
      instructions: row.instructions,
      steps: JSON.parse(row.steps_json) as Lab['steps'],
      inputs: JSON.parse(row.inputs_json) as string[],
      controls: JSON.parse(row.controls_json) as Lab['controls'],
      slotMinutes: row.slot_minutes,
      policy: {
        quotaPerWeek: row.quota_per_week,
        horizonDays: row.horizon_days,
        cancelDeadlineMinutes: row.cancel_deadline_minutes,
      },
      groupIds: links.filter((l) => l.lab_id === row.id).map((l) => l.group_id),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    }));
  }
}

function columns(input: LabInput, controls: LabInput['controls']) {
  return {
    title: input.title,
    pool: input.pool,
    instructions: input.instructions,
    steps_json: JSON.stringify(input.steps),
    inputs_json: JSON.stringify(input.inputs),
    controls_json: JSON.stringify(controls),
    slot_minutes: input.slotMinutes,
    quota_per_week: input.policy.quotaPerWeek,
    horizon_days: input.policy.horizonDays,
    cancel_deadline_minutes: input.policy.cancelDeadlineMinutes,
  };
}

async function setGroups(
  trx: Kysely<Database>,
  labId: string,
  courseId: string,
  groupIds: readonly string[],
): Promise<void> {
  const unique = [...new Set(groupIds)];
  if (unique.length === 0) return;
  const groups = await trx
    .selectFrom('course_groups')
    .select('id')
    .where('course_id', '=', courseId)
    .where('id', 'in', unique)
    .execute();
  if (groups.length !== unique.length)
    throw new ProtocolError('BAD_REQUEST', 'groupIds: every group must belong to this course.');
  await trx
    .insertInto('lab_groups')
    .values(unique.map((groupId) => ({ lab_id: labId, group_id: groupId })))
    .execute();
}

/** Ids of the labs open to `userId` through one of their groups. */
function openLabsOf(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom('lab_groups')
    .innerJoin('group_members', 'group_members.group_id', 'lab_groups.group_id')
    .select('lab_groups.lab_id')
    .where('group_members.user_id', '=', userId);
}

function labNotFound(): ProtocolError {
  return new ProtocolError('NOT_FOUND', 'There is no such lab, or it is not open to you.');
}
