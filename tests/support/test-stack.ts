import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { io as connectClient, type Socket } from 'socket.io-client';
import type {
  BenchDefinition,
  ClientToServerEvents,
  ServerToClientEvents,
  StreamFrame,
} from '@remotelab/protocol';
import { readServerConfig, startPlatform, type RunningPlatform } from '@remotelab/server';
import { loadBenchDefinition, startAgent, type RunningAgent } from '@remotelab/lab-agent';
import { startVirtualBoard } from '@remotelab/lab-agent/virtual-board';

export type BrowserSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type RunningBoard = Awaited<ReturnType<typeof startVirtualBoard>>;

const silent = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** A private workspace: temp dir for pty links and a Redis key prefix no other run uses. */
export function testWorkspace() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'remotelab-test-'));
  return {
    dir,
    prefix: `remotelab-test-${randomBytes(4).toString('hex')}`,
    token: randomBytes(16).toString('hex'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export async function startTestServer(
  ws: ReturnType<typeof testWorkspace>,
): Promise<RunningPlatform> {
  const config = readServerConfig(
    {
      REDIS_URL: process.env.REDIS_URL,
      LAB_REDIS_PREFIX: ws.prefix,
      LAB_AGENT_TOKENS: ws.token,
      LAB_COMMAND_TIMEOUT_MS: '3000',
    },
    { port: 0, host: '127.0.0.1' },
  );
  return startPlatform(config, silent);
}

export async function startTestBoard(
  bench: BenchDefinition,
  linkPath: string,
  extra: { model?: string; baud?: number } = {},
): Promise<RunningBoard> {
  return startVirtualBoard({ bench, linkPath, seed: 42, ...extra });
}

export function startTestAgent(
  platform: RunningPlatform,
  ws: ReturnType<typeof testWorkspace>,
  benches: Array<{ definition: BenchDefinition; port: string }>,
): RunningAgent {
  return startAgent({
    serverUrl: platform.url,
    token: ws.token,
    agentId: 'test-agent',
    benches: benches.map((b) => b.definition),
    benchPorts: Object.fromEntries(benches.map((b) => [b.definition.id, b.port])),
    versionQueryDelayMs: 50,
    silenceTimeoutMs: 1000,
    logger: silent,
  });
}

export function loadRcFilter(): Promise<BenchDefinition> {
  return loadBenchDefinition('rc-filter');
}

export async function connectBrowser(platform: RunningPlatform): Promise<BrowserSocket> {
  const socket: BrowserSocket = connectClient(platform.url, {
    transports: ['websocket'],
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Resolves once `predicate` holds for the registry's summary of `benchId`. */
export function waitForBench(
  platform: RunningPlatform,
  benchId: string,
  predicate: (status: string) => boolean,
): Promise<number> {
  return new Promise((resolve) => {
    const check = () => {
      const summary = platform.registry.summary(benchId);
      if (summary && predicate(summary.status)) {
        platform.registry.off('changed', check);
        resolve(Date.now());
        return true;
      }
      return false;
    };
    if (!check()) platform.registry.on('changed', check);
  });
}

/** Collects the frames a browser receives (acking each) until `until` returns true. */
export function collectFrames(
  socket: BrowserSocket,
  until: (frames: StreamFrame[]) => boolean,
): Promise<StreamFrame[]> {
  return new Promise((resolve) => {
    const frames: StreamFrame[] = [];
    const onFrame = (frame: StreamFrame, ack: () => void) => {
      ack();
      frames.push(frame);
      if (until(frames)) {
        socket.off('frame', onFrame);
        resolve(frames);
      }
    };
    socket.on('frame', onFrame);
  });
}
