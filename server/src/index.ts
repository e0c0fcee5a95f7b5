export * from './app.ts';
export * from './config.ts';
export { createLogger } from './logger.ts';
export { RedisUnavailableError } from './redis/connect-redis.ts';
