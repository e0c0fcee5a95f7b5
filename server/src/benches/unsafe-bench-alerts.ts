import type { Logger } from 'pino';
import type { AuditLog } from '../audit/audit-log.ts';
import type { BenchRegistry } from './bench-registry.ts';

/**
 * Tells the technicians when an agent reports that a bench did not reach its safe state: an
 * error in the log and an audit entry (`bench-unsafe`), once per transition. The fleet page shows
 * it live from the bench's own state (`unsafe` in its summary, alerted until resolved).
 * Returns a function that resolves once the audit writes started so far are done.
 */
export function alertUnsafeBenches(
  registry: BenchRegistry,
  audit: Pick<AuditLog, 'record'>,
  logger: Logger,
): () => Promise<void> {
  const unsafe = new Map<string, number>();
  let chain: Promise<void> = Promise.resolve();
  registry.on('changed', (summary) => {
    const since = summary.unsafe?.since;
    if (since === unsafe.get(summary.id)) return;
    if (since === undefined) {
      unsafe.delete(summary.id);
      logger.warn({ benchId: summary.id }, 'bench back in its safe state');
      return;
    }
    unsafe.set(summary.id, since);
    const reason = summary.unsafe!.reason;
    logger.error({ benchId: summary.id, reason }, 'bench did NOT reach its safe state');
    chain = chain
      .then(() =>
        audit.record({
          action: 'bench-unsafe',
          actorId: null,
          target: summary.id,
          detail: { reason, since, agentId: registry.agentIdOf(summary.id) ?? null },
        }),
      )
      .catch((error: unknown) =>
        logger.error({ err: error, benchId: summary.id }, 'could not audit an unsafe bench'),
      );
  });
  return () => chain;
}
