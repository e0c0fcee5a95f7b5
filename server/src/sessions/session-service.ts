import { randomUUID } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import { ProtocolError, type Session } from '@remotelab/protocol';
import type { SessionsTable } from '../db/database.schema.ts';
import { isUniqueViolation } from '../db/db-errors.ts';
import type { ServiceDeps } from '../service-deps.ts';
import type { Actor } from '../core/actor.ts';
import type { BenchRegistry } from '../benches/bench-registry.ts';
import { flagOf, type BenchCatalog } from '../benches/bench-catalog.ts';
import { quarantineOf } from '../benches/bench-view.ts';
import type { LabService } from '../labs/lab-service.ts';
import {
  storedChannels,
  type SessionRecorder,
  type StoredChannel,
} from '../recordings/session-recorder.ts';
import { normaliseEmail } from '../users/user-dto.ts';

export type SessionRow = Selectable<SessionsTable>;

export interface SessionServiceDeps extends ServiceDeps {
  registry: BenchRegistry;
  catalog: BenchCatalog;
  labs: LabService;
  recorder: SessionRecorder;
}

export interface SessionFilter {
  benchId?: string | undefined;
  status?: 'active' | 'ended' | undefined;
  labId?: string | undefined;
}

/**
 * Sessions on a bench: who owns it, who watches, when it ran, and its recording. The scheduler
 * opens and closes the sessions of bookings, walk-ins, batch runs and practice; this service opens
 * only maintenance sessions (a technician on a bench in maintenance). Visibility: the owner and
 * observers, the instructor of the lab's course, admins. Others get NOT_FOUND.
 */
export class SessionService {
  constructor(private readonly deps: SessionServiceDeps) {}

  /** Resumes recording the sessions a previous run left active. */
  async resumeActive(): Promise<number> {
    const rows = await this.deps.db
      .selectFrom('sessions')
      .select(['id', 'bench_id'])
      .where('status', '=', 'active')
      .execute();
    for (const row of rows) await this.resumeRecording(row.id, row.bench_id);
    return rows.length;
  }

  /**
   * Records the session's frames in this process from its next chunk on, if it is still active
   * and nothing records the bench here yet. Starting again at chunk 0 would collide with the
   * chunks already stored (a UNIQUE violation on every write), and the agent's replay would be
   * stored twice.
   */
  async resumeRecording(sessionId: string, benchId: string): Promise<void> {
    const { db, recorder } = this.deps;
    const row = await db
      .selectFrom('sessions')
      .selectAll()
      .where('id', '=', sessionId)
      .where('status', '=', 'active')
      .executeTakeFirst();
    if (!row || recorder.isRecording(benchId)) return;
    // It positions itself after the stored chunks before its first write (index, seq, time).
    recorder.resume(row.id, row.bench_id, channelsOf(row));
  }

  /**
   * A maintenance session: a technician or an admin drives a bench that is in maintenance (so the
   * scheduler has withdrawn it), with the bench's own envelope (no lab narrows it). Every other
   * session comes from the scheduler. The caller tells the agent (scheduling/session-control.ts).
   */
  async startMaintenance(actor: Actor, benchId: string): Promise<Session> {
    const { registry, catalog, db } = this.deps;
    if (actor.role !== 'technician' && actor.role !== 'admin')
      throw new ProtocolError(
        'FORBIDDEN',
        'Sessions come from the scheduler: book a slot, join the queue or practise on the twin.',
      );
    const live = registry.live(benchId);
    const row = await catalog.get(benchId);
    if (!live) throw new ProtocolError('UNKNOWN_BENCH', `There is no bench "${benchId}" online.`);
    const { descriptor: bench, state } = live;
    const quarantine = quarantineOf(state.quarantine, row);
    if (quarantine)
      throw new ProtocolError(
        'QUARANTINED',
        `Bench ${bench.name} is quarantined: ${quarantine.reason}`,
      );
    if (!flagOf(row, 'maintenance'))
      throw new ProtocolError(
        'CONFLICT',
        `Bench ${bench.name} is in service: put it in maintenance before driving it yourself.`,
      );
    if (state.status !== 'online')
      throw new ProtocolError('BENCH_OFFLINE', `Bench ${bench.name} is offline right now.`);
    const channels = storedChannels(bench.inputs);
    const session: SessionRow = {
      id: randomUUID(),
      bench_id: benchId,
      lab_id: null,
      owner_id: actor.id,
      status: 'active',
      started_at: this.deps.now(),
      ended_at: null,
      end_reason: null,
      channels_json: JSON.stringify(channels),
    };
    try {
      await db.insertInto('sessions').values(session).execute();
    } catch (error) {
      // The partial unique index allows one active session per bench, whatever the concurrency.
      if (isUniqueViolation(error))
        throw new ProtocolError('CONFLICT', `Bench ${bench.name} is in use.`);
      throw error;
    }
    this.deps.recorder.begin(session.id, benchId, channels);
    this.deps.logger.info(
      { sessionId: session.id, benchId, userId: actor.id },
      'maintenance session started',
    );
    return this.toDto(session);
  }

  /** The session if `actor` may end it (its owner, the instructor of its lab, an admin). */
  async checkCanEnd(actor: Actor, sessionId: string): Promise<SessionRow> {
    const row = await this.visible(actor, sessionId);
    if (
      row.owner_id !== actor.id &&
      actor.role !== 'admin' &&
      !(row.lab_id && (await this.deps.labs.manages(actor, row.lab_id)))
    ) {
      throw new ProtocolError(
        'FORBIDDEN',
        'Only the owner, the instructor of the lab or an admin ends a session.',
      );
    }
    if (row.status !== 'active')
      throw new ProtocolError('CONFLICT', 'This session has ended already.');
    return row;
  }

  /** Ends a maintenance session (one no booking holds); the recording is complete when it resolves. */
  async endMaintenance(sessionId: string, reason: string): Promise<void> {
    const result = await this.deps.db
      .updateTable('sessions')
      .set({ status: 'ended', ended_at: this.deps.now(), end_reason: reason })
      .where('id', '=', sessionId)
      .where('status', '=', 'active')
      .where((eb) =>
        eb.not(
          eb.exists(eb.selectFrom('bookings').select('id').where('session_id', '=', sessionId)),
        ),
      )
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0)
      throw new ProtocolError('CONFLICT', 'This session has ended already.');
    await this.deps.recorder.finish(sessionId);
    this.deps.logger.info({ sessionId, reason }, 'maintenance session ended');
  }

  async list(actor: Actor, filter: SessionFilter): Promise<Session[]> {
    const { db } = this.deps;
    let select = db.selectFrom('sessions').selectAll();
    if (actor.role !== 'admin') {
      select = select.where((eb) =>
        eb.or([
          eb('owner_id', '=', actor.id),
          eb(
            'id',
            'in',
            eb.selectFrom('session_observers').select('session_id').where('user_id', '=', actor.id),
          ),
          eb(
            'lab_id',
            'in',
            eb
              .selectFrom('labs')
              .innerJoin('courses', 'courses.id', 'labs.course_id')
              .select('labs.id')
              .where('courses.owner_id', '=', actor.id),
          ),
        ]),
      );
    }
    if (filter.benchId) select = select.where('bench_id', '=', filter.benchId);
    if (filter.status) select = select.where('status', '=', filter.status);
    if (filter.labId) select = select.where('lab_id', '=', filter.labId);
    const rows = await select.orderBy('started_at', 'desc').limit(500).execute();
    return Promise.all(rows.map((row) => this.toDto(row)));
  }

  async get(actor: Actor, sessionId: string): Promise<Session> {
    return this.toDto(await this.visible(actor, sessionId));
  }

  async addObserver(actor: Actor, sessionId: string, email: string): Promise<Session> {
    const row = await this.visible(actor, sessionId);
    if (row.owner_id !== actor.id && actor.role !== 'admin') {
      throw new ProtocolError('FORBIDDEN', 'Only the owner of the session adds observers.');
    }
    const user = await this.deps.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', normaliseEmail(email))
      .executeTakeFirst();
    if (!user) throw new ProtocolError('NOT_FOUND', `No account for ${email}.`);
    await this.deps.db
      .insertInto('session_observers')
      .values({ session_id: sessionId, user_id: user.id })
      .onConflict((oc) => oc.columns(['session_id', 'user_id']).doNothing())
      .execute();
    return this.get(actor, sessionId);
  }

  /**
   * Whether `actor` may watch the live stream of a running session: those who may see its
   * recording (owner, observers, the lab's instructor, admins) and technicians, who keep the
   * benches running. Anonymous visitors and other students may not.
   */
  async mayWatch(actor: Actor | undefined, sessionId: string): Promise<boolean> {
    if (!actor) return false;
    if (actor.role === 'technician' || actor.role === 'admin') return true;
    return this.visible(actor, sessionId).then(
      () => true,
      (error: unknown) => {
        if (error instanceof ProtocolError && error.code === 'NOT_FOUND') return false;
        throw error;
      },
    );
  }

  /** The session row if `actor` may see it (and download its recording); NOT_FOUND otherwise. */
  async visible(actor: Actor, sessionId: string): Promise<SessionRow> {
    const { db } = this.deps;
    const row = await db
      .selectFrom('sessions')
      .selectAll()
      .where('id', '=', sessionId)
      .executeTakeFirst();
    if (!row) throw sessionNotFound();
    if (actor.role === 'admin' || row.owner_id === actor.id) return row;
    if (row.lab_id && (await this.deps.labs.manages(actor, row.lab_id))) return row;
    const observer = await db
      .selectFrom('session_observers')
      .select('user_id')
      .where('session_id', '=', sessionId)
      .where('user_id', '=', actor.id)
      .executeTakeFirst();
    if (observer) return row;
    throw sessionNotFound();
  }

  async commandsOf(sessionId: string) {
    const rows = await this.deps.db
      .selectFrom('session_commands')
      .selectAll()
      .where('session_id', '=', sessionId)
      .orderBy('at')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      at: r.at,
      userId: r.user_id,
      output: r.output,
      value: JSON.parse(r.value_json) as unknown,
      result: r.result,
    }));
  }

  async toDto(row: SessionRow): Promise<Session> {
    const { db } = this.deps;
    const [observers, stats] = await Promise.all([
      db
        .selectFrom('session_observers')
        .select('user_id')
        .where('session_id', '=', row.id)
        .orderBy('user_id')
        .execute(),
      db
        .selectFrom('recording_chunks')
        .select((eb) => [
          eb.fn.count<number>('chunk_index').as('chunks'),
          eb.fn.coalesce(eb.fn.sum<number>('row_count'), sql<number>`0`).as('rows'),
          eb.fn.coalesce(eb.fn.sum<number>(sql`length(data)`), sql<number>`0`).as('bytes'),
        ])
        .where('session_id', '=', row.id)
        .executeTakeFirstOrThrow(),
    ]);
    return {
      id: row.id,
      benchId: row.bench_id,
      labId: row.lab_id,
      ownerId: row.owner_id,
      observerIds: observers.map((o) => o.user_id),
      status: row.status,
      startedAt: row.started_at,
      endedAt: row.ended_at,
      endReason: row.end_reason,
      channels: channelsOf(row).map(({ id, label, unit }) => ({ id, label, unit })),
      recording: {
        rows: Number(stats.rows),
        chunks: Number(stats.chunks),
        bytes: Number(stats.bytes),
      },
    };
  }
}

export function channelsOf(row: SessionRow): StoredChannel[] {
  return JSON.parse(row.channels_json) as StoredChannel[];
}

function sessionNotFound(): ProtocolError {
  return new ProtocolError('NOT_FOUND', 'There is no such session, or it is not yours.');
}
