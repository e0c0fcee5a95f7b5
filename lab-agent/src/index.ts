export * from './agent.ts';
export * from './config.ts';
export * from './bench/bench-controller.ts';
export * from './bench-config/load-bench-definition.ts';
export * from './drivers/bench-driver.ts';
export * from './drivers/firmata-bench-driver.ts';
export { createLogger } from './logger.ts';
