import type { Logger } from 'pino';
import type { BenchRegistry } from './bench-registry.ts';
import type { BenchCatalog } from './bench-catalog.ts';

/**
 * Writes benches to the catalog when their agent announces them (or announces them differently),
 * not on every state change. Writes for one bench are chained so they land in order. Returns a
 * function that resolves once every write started so far is done (for shutdown and tests).
 */
export function persistAnnouncedBenches(
  registry: BenchRegistry,
  catalog: BenchCatalog,
  logger: Logger,
): () => Promise<void> {
  const written = new Map<string, string>();
  let chain: Promise<void> = Promise.resolve();
  registry.on('changed', (summary) => {
    const agentId = registry.agentIdOf(summary.id);
    const descriptor = registry.descriptor(summary.id);
    if (!agentId || !descriptor) return;
    const key = `${agentId}\n${JSON.stringify(descriptor)}`;
    if (written.get(summary.id) === key) return;
    written.set(summary.id, key);
    chain = chain
      .then(() => catalog.recordAnnounced(descriptor, agentId))
      .catch((error: unknown) => {
        written.delete(summary.id);
        logger.warn(
          { err: error, benchId: summary.id },
          'could not record the bench in the database',
        );
      });
  });
  return () => chain;
}
