import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Ack, BenchDefinition } from '@remotelab/protocol';
import { BenchController } from './bench/bench-controller.ts';
import {
  FileQuarantineStore,
  MemoryQuarantineStore,
  type QuarantineStore,
} from './bench/quarantine-store.ts';
import { startupOfPort } from './drivers/board-startup.ts';
import { FirmataBenchDriver } from './drivers/firmata-bench-driver.ts';
import { openSerialTransport } from './drivers/serial-transport.ts';
import { agentRequestHandlers } from './link/agent-request-handlers.ts';
import { ServerLink } from './link/server-link.ts';

export interface AgentOptions {
  serverUrl: string;
  token: string;
  agentId: string;
  benches: readonly BenchDefinition[];
  /** Serial path per bench id, overriding `board.path` of the definition. */
  benchPorts: Readonly<Record<string, string>>;
  /** Bench ids served by virtual boards: announced as their pool's practice twin. */
  twinBenches?: readonly string[];
  /**
   * Wait this long for a board to announce itself before asking; when absent, chosen per board
   * from its USB ids (see board-startup.ts).
   */
  versionQueryDelayMs?: number;
  /** Read every pin write back from the board before acking it (default true; benchmarks). */
  confirmWrites?: boolean;
  silenceTimeoutMs: number;
  /** Seconds of unacknowledged frames kept per bench for replay after a link loss. */
  replayBufferS: number;
  /** Drive the safe state once the server link has been down this long. */
  linkLossSafeMs: number;
  /** While the server refuses some benches (not enrolled yet), announce again this often (ms). */
  reannounceMs?: number;
  /** Where quarantines are kept across restarts; in memory only when absent. */
  stateFile?: string;
  logger: Logger;
}

export interface RunningAgent {
  readonly runId: string;
  readonly benches: readonly BenchController[];
  readonly link: ServerLink;
  /**
   * Serves one server -> agent request (`command`, `session:start`, ...) exactly as the socket
   * does, without a server: for tests and tools.
   */
  handle(event: string, raw: unknown): Promise<Ack<unknown>>;
  stop(): Promise<void>;
}

/** Wires bench controllers (one per bench, each with its Firmata driver) to the server link. */
export function startAgent(options: AgentOptions): RunningAgent {
  const quarantines: QuarantineStore = options.stateFile
    ? new FileQuarantineStore(options.stateFile)
    : new MemoryQuarantineStore();
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
      quarantines,
      createDriver: () =>
        new FirmataBenchDriver({
          openTransport: () => openSerialTransport(path, definition.board.baud),
          versionQueryDelayMs:
            options.versionQueryDelayMs ??
            (async () => (await startupOfPort(path)).versionQueryDelayMs),
          confirmWrites: options.confirmWrites,
          onLateError: (error) =>
            options.logger.warn({ benchId: definition.id, err: error }, 'board error'),
        }),
    });
  });
  const runId = randomUUID();
  const link = new ServerLink({
    serverUrl: options.serverUrl,
    token: options.token,
    agentId: options.agentId,
    runId,
    benches,
    twinBenches: options.twinBenches ?? [],
    logger: options.logger.child({ scope: 'agent:link' }),
    replayBufferS: options.replayBufferS,
    linkLossSafeMs: options.linkLossSafeMs,
    ...(options.reannounceMs !== undefined ? { reannounceMs: options.reannounceMs } : {}),
  });
  const handlers = agentRequestHandlers(benches, options.logger.child({ scope: 'agent:requests' }));
  for (const bench of benches) bench.start();
  link.start();
  return {
    runId,
    benches,
    link,
    handle(event, raw) {
      const handler = handlers[event];
      if (!handler) return Promise.reject(new Error(`no handler for ${event}`));
      return new Promise((resolve) => handler(raw, resolve));
    },
    async stop() {
      link.stop();
      await Promise.all(benches.map((bench) => bench.stop()));
    },
  };
}
