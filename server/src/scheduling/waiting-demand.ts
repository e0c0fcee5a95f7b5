import type { ExpressionBuilder } from 'kysely';
import type { Database } from '../db/database.schema.ts';

/**
 * Labs someone is waiting on: a student in the walk-in queue or a queued batch run. The matcher
 * hands free benches to these labs; the reconciler finds the pools to match from them.
 */
export function hasWaitingDemand(eb: ExpressionBuilder<Database, 'labs'>) {
  return eb.or([
    eb('id', 'in', eb.selectFrom('queue_entries').select('lab_id').where('status', '=', 'waiting')),
    eb('id', 'in', eb.selectFrom('batch_runs').select('lab_id').where('status', '=', 'queued')),
  ]);
}
