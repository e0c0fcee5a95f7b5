import { readAgentConfig, ConfigError } from './config.ts';
import { BenchConfigError, loadBenchDefinition } from './bench-config/load-bench-definition.ts';
import { startAgent } from './agent.ts';
import { createLogger } from './logger.ts';
import { startHealthServer } from './health/health-server.ts';

async function main(): Promise<void> {
  const config = readAgentConfig();
  const logger = createLogger('lab-agent', config.logLevel);
  const benches = await Promise.all(
    config.benches.map((idOrPath) => loadBenchDefinition(idOrPath, config.benchDir)),
  );
  const agent = startAgent({ ...config, benches, logger });
  logger.info({ server: config.serverUrl, benches: config.benches }, 'lab-agent started');
  const health =
    config.healthPort === undefined ? undefined : await startHealthServer(agent, config.healthPort);
  if (health) logger.info({ port: health.port }, 'health on http://127.0.0.1:<port>/health');
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'stopping: driving benches to their safe state');
    void health?.close();
    agent.stop().then(
      () => {
        logger.info('benches in their safe state; exiting');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'stopping failed: benches may not be in their safe state');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof BenchConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`lab-agent failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
