import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import type { BenchDefinition, PackedStreamFrame, StreamFrame } from '@remotelab/protocol';
import { decodeStreamFrame } from '@remotelab/protocol';
import { readServerConfig, startPlatform, type RunningPlatform } from '@remotelab/server';
import {
  loadBenchDefinition,
  startAgent,
  type AgentOptions,
  type RunningAgent,
} from '@remotelab/lab-agent';
import { startVirtualBoard } from '@remotelab/lab-agent/virtual-board';
import { openBrowserSocket, type BrowserSocket } from './browser-socket.ts';

export type { BrowserSocket };
type RunningBoard = Awaited<ReturnType<typeof startVirtualBoard>>;

const silent = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/**
 * The agent ids a test server lets in (LAB_AGENT_TOKENS), each with its own token: a token
 * belongs to one agent id, and one id has one live connection.
 */
export const TEST_AGENT_IDS = ['test-agent', 'kill-agent', 'fake', 'other-agent'] as const;

/** A private workspace: temp dir for pty links and a Redis key prefix no other run uses. */
export function testWorkspace() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'remotelab-test-'));
  const token = randomBytes(16).toString('hex');
  return {
    dir,
    prefix: `remotelab-test-${randomBytes(4).toString('hex')}`,
    /** The token of agent `test-agent`. */
    token,
    /** The token of any agent id of TEST_AGENT_IDS. */
    tokenFor: (agentId: (typeof TEST_AGENT_IDS)[number]) =>
      agentId === 'test-agent' ? token : `${token}-${agentId}`,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** `port` 0 picks a free one; a fixed port lets a test restart the server where agents expect it. */
export async function startTestServer(
  ws: ReturnType<typeof testWorkspace>,
  port = 0,
  env: Record<string, string> = {},
): Promise<RunningPlatform> {
  const config = readServerConfig(
    {
      REDIS_URL: process.env.REDIS_URL,
      LAB_REDIS_PREFIX: ws.prefix,
      LAB_AGENT_TOKENS: TEST_AGENT_IDS.map((id) => `${id}:${ws.tokenFor(id)}`).join(','),
      // These tests start agents without a technician at hand: a new bench is enrolled to the
      // first agent announcing it (tests/security/ covers the approval path).
      LAB_AUTO_ENROLL_BENCHES: 'true',
      LAB_COMMAND_TIMEOUT_MS: '3000',
      // A private SQLite file per run; the storage tests run against PostgreSQL as well.
      DATABASE_URL: `sqlite:${path.join(ws.dir, 'remotelab.db')}`,
      LAB_PASSWORD_COST: '10',
      // These tests drive benches without signing in or booking; the scheduler's tests enforce it.
      LAB_COMMANDS_NEED_SESSION: 'false',
      ...env,
    },
    { port: String(port), host: '127.0.0.1' },
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
  overrides: Partial<AgentOptions> & { agentId?: (typeof TEST_AGENT_IDS)[number] } = {},
): RunningAgent {
  return startAgent({
    serverUrl: platform.url,
    token: ws.tokenFor(overrides.agentId ?? 'test-agent'),
    agentId: 'test-agent',
    benches: benches.map((b) => b.definition),
    benchPorts: Object.fromEntries(benches.map((b) => [b.definition.id, b.port])),
    versionQueryDelayMs: 50,
    silenceTimeoutMs: 1000,
    replayBufferS: 120,
    linkLossSafeMs: 10_000,
    logger: silent,
    ...overrides,
  });
}

export function loadRcFilter(): Promise<BenchDefinition> {
  return loadBenchDefinition('rc-filter');
}

export async function connectBrowser(platform: RunningPlatform): Promise<BrowserSocket> {
  const socket = openBrowserSocket(platform.url);
  // A page acks every frame it receives, listening or not; the server sends a client no more
  // than a few unacked frames. A test that acked only while collecting stalled its own stream
  // whenever more frames than that arrived between two collections (a slow command, say).
  // socket.io ignores a second call of an ack, so collectors may ack too.
  socket.on('frame', (_frame, ack) => ack());
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Resolves once `predicate` holds for the agent's state of `benchId`. */
export function waitForBench(
  platform: RunningPlatform,
  benchId: string,
  predicate: (status: string) => boolean,
): Promise<number> {
  return new Promise((resolve) => {
    const check = () => {
      const state = platform.registry.agentState(benchId);
      if (state && predicate(state.status)) {
        platform.registry.off('changed', check);
        resolve(Date.now());
        return true;
      }
      return false;
    };
    if (!check()) platform.registry.on('changed', check);
  });
}

/** Collects the frames a browser receives (acking and decoding each) until `until` returns true. */
export function collectFrames(
  socket: BrowserSocket,
  until: (frames: StreamFrame[]) => boolean,
): Promise<StreamFrame[]> {
  return new Promise((resolve, reject) => {
    const frames: StreamFrame[] = [];
    const onFrame = (packed: PackedStreamFrame, ack: () => void) => {
      ack();
      const frame = decodeStreamFrame(packed);
      if (!frame) {
        socket.off('frame', onFrame);
        reject(new Error('received a malformed frame'));
        return;
      }
      frames.push(frame);
      if (until(frames)) {
        socket.off('frame', onFrame);
        resolve(frames);
      }
    };
    socket.on('frame', onFrame);
  });
}
