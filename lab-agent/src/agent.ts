import type { Logger } from 'pino';
import type { BenchDefinition } from '@remotelab/protocol';
import { BenchController } from './bench/bench-controller.ts';
import { FirmataBenchDriver, openSerialTransport } from './drivers/firmata-bench-driver.ts';
import { ServerLink } from './server-link.ts';

export interface AgentOptions {
  serverUrl: string;
  token: string;
  agentId: string;
  benches: readonly BenchDefinition[];
  /** Serial path per bench id, overriding `board.path` of the definition. */
  benchPorts: Readonly<Record<string, string>>;
  versionQueryDelayMs: number;
  silenceTimeoutMs: number;
  logger: Logger;
}

export interface RunningAgent {
  readonly benches: readonly BenchController[];
  readonly link: ServerLink;
  stop(): Promise<void>;
}

/** Wires bench controllers (one per bench, each with its Firmata driver) to the server link. */
export function startAgent(options: AgentOptions): RunningAgent {
  const benches = options.benches.map((definition) => {
    const path = options.benchPorts[definition.id] ?? definition.board.path;
    if (!path) {
      throw new Error(
        `Bench ${definition.id} has no serial path: set board.path or LAB_BENCH_PORTS.`,
      );
    }
    return new BenchController({
      definition,
      logger: options.logger.child({ scope: 'agent:bench' }),
      silenceTimeoutMs: options.silenceTimeoutMs,
      createDriver: () =>
        new FirmataBenchDriver({
          openTransport: () => openSerialTransport(path, definition.board.baud),
          versionQueryDelayMs: options.versionQueryDelayMs,
          handshakeTimeoutMs: options.versionQueryDelayMs + 5000,
        }),
    });
  });
  const link = new ServerLink({
    serverUrl: options.serverUrl,
    token: options.token,
    agentId: options.agentId,
    benches,
    logger: options.logger.child({ scope: 'agent:link' }),
  });
  for (const bench of benches) bench.start();
  link.start();
  return {
    benches,
    link,
    async stop() {
      link.stop();
      await Promise.all(benches.map((bench) => bench.stop()));
    },
  };
}
