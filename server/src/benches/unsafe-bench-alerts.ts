import type { Logger } from 'pino';
import type { AuditLog } from '../audit/audit-log.ts';
import type { BenchRegistry } from './bench-registry.ts';

/**
 * Tells the technicians when an agent reports that a bench did not reach its safe state: an
 * error in the log and an audit entry (`bench-unsafe`), once per transition. The fleet page shows
 * it live from the bench's own state (`unsafe` in its BenchView, alerted until resolved).
 * Returns a function that resolves once the audit writes started so far are done.
 */
export function alertUnsafeBenches(
  registry: BenchRegistry,
  audit: Pick<AuditLog, 'record'>,
  logger: Logger,
): () => Promise<void> {
  const unsafe = new Map<string, number>();
  let chain: Promise<void> = Promise.resolve();
  registry.on('changed', (benchId) => {
    const marker = registry.agentState(benchId)?.unsafe;
    if (marker?.since === unsafe.get(benchId)) return;
    if (marker === undefined) {
      unsafe.delete(benchId);
      logger.warn({ benchId }, 'bench back in its safe state');
      return;
    }
    unsafe.set(benchId, marker.since);
    const { reason } = marker;
    logger.error({ benchId, reason }, 'bench did NOT reach its safe state');
    chain = chain
      .then(() =>
        audit.record({
          action: 'bench-unsafe',
          actorId: null,
          target: benchId,
          detail: { reason, since: marker.since, agentId: registry.agentIdOf(benchId) ?? null },
        }),
      )
      .catch((error: unknown) =>
        logger.error({ err: error, benchId }, 'could not audit an unsafe bench'),
      );
  });
  return () => chain;
}
