import { z } from 'zod';
import { BenchIdSchema, ProtocolError, SelfTestResultSchema } from '@remotelab/protocol';
import { flagOf } from '../../benches/bench-catalog.ts';
import { defineRoute, type AnyRoute } from '../route-table.ts';
import type { RouteServices } from './route-services.ts';

const BenchParams = z.strictObject({ benchId: BenchIdSchema });
/** Long enough for a self-test of several steps with their settling waits. */
const SELF_TEST_TIMEOUT_MS = 180_000;

/** What technicians ask of a bench's lab-agent. */
export function benchOpsRoutes(s: RouteServices): AnyRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/benches/:benchId/self-test',
      tag: 'benches',
      summary:
        "Run the bench's self-test now and answer with each step's measured and expected values. " +
        'A failure quarantines the bench until a technician clears it (DELETE .../quarantine). ' +
        'Runs only in maintenance: CONFLICT when the bench is in service or a session runs on it, ' +
        'BENCH_OFFLINE when its board or agent is away.',
      access: ['technician', 'admin'],
      params: BenchParams,
      response: { status: 200, schema: SelfTestResultSchema },
      handler: async ({ params }) => {
        await checkSelfTestAllowed(s, params.benchId);
        return s.agentRequests.request(
          'bench:self-test',
          { benchId: params.benchId },
          SELF_TEST_TIMEOUT_MS,
        );
      },
    }),
  ];
}

/**
 * A self-test drives the bench's outputs: it runs only on a bench a technician took out of
 * service (maintenance, so the scheduler gives it to nobody) and on which no session runs (SQL's
 * record, whatever the agent reports).
 */
async function checkSelfTestAllowed(s: RouteServices, benchId: string): Promise<void> {
  const row = await s.catalog.get(benchId);
  if (!row) throw new ProtocolError('UNKNOWN_BENCH', `There is no bench "${benchId}".`);
  if (!flagOf(row, 'maintenance'))
    throw new ProtocolError(
      'CONFLICT',
      `Bench ${benchId} is in service: put it in maintenance before its self-test.`,
    );
  const session = await s.db
    .selectFrom('sessions')
    .select('id')
    .where('bench_id', '=', benchId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (session)
    throw new ProtocolError('CONFLICT', `A session runs on bench ${benchId}: end it first.`);
}

/**
 * Clears the quarantine the bench's agent set after a failed self-test, if it set one, and
 * records the agent's new state at once. Throws BENCH_OFFLINE when the agent is away (it keeps
 * the quarantine across restarts and reports it again when it reconnects).
 */
export async function clearAgentQuarantine(s: RouteServices, benchId: string): Promise<void> {
  if (!s.registry.agentState(benchId)?.quarantine) return;
  const state = await s.agentRequests.request('bench:clear-quarantine', { benchId }, 5000);
  s.registry.updateState(state);
}
