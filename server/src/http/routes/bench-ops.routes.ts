import { z } from 'zod';
import { BenchIdSchema, SelfTestResultSchema } from '@remotelab/protocol';
import { defineRoute, type AnyRoute } from '../route-table.ts';
import type { RouteServices } from './route-services.ts';

const BenchParams = z.strictObject({ benchId: BenchIdSchema });
/** Long enough for a self-test of several steps with their settling waits. */
export const SELF_TEST_TIMEOUT_MS = 180_000;

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
        'Refused with CONFLICT during a session, BENCH_OFFLINE when its board or agent is away.',
      access: ['technician', 'admin'],
      params: BenchParams,
      response: { status: 200, schema: SelfTestResultSchema },
      handler: async ({ params }) =>
        s.agentRequests.request(
          'bench:self-test',
          { benchId: params.benchId },
          SELF_TEST_TIMEOUT_MS,
        ),
    }),
  ];
}

/**
 * Clears the quarantine the bench's agent set after a failed self-test, if it set one, and
 * records the agent's new state at once. Throws BENCH_OFFLINE when the agent is away (it keeps
 * the quarantine across restarts and reports it again when it reconnects).
 */
export async function clearAgentQuarantine(s: RouteServices, benchId: string): Promise<void> {
  if (!s.registry.summary(benchId)?.quarantine) return;
  const state = await s.agentRequests.request('bench:clear-quarantine', { benchId }, 5000);
  s.registry.updateState(state);
}
