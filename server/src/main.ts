import { ConfigError, readServerConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { startPlatform } from './app.ts';
import { RedisUnavailableError } from './redis/connect-redis.ts';

async function main(): Promise<void> {
  const config = readServerConfig();
  const logger = createLogger(config.logLevel);
  if (config.agentTokens.length === 0) {
    logger.warn('LAB_AGENT_TOKENS is empty: no lab-agent can connect');
  }
  const platform = await startPlatform(config, logger);
  logger.info(
    { port: platform.port },
    `remotelab server listening on http://localhost:${platform.port}`,
  );
  const shutdown = () => void platform.close().finally(() => process.exit(0));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof RedisUnavailableError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`server failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
