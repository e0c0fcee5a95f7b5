import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { setTimeout as runFor } from 'node:timers/promises';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BenchDefinitionSchema, describeBench } from '@remotelab/protocol';
import { createAccount, decodeChunk, openDatabase, storedChannels } from '@remotelab/server';
import { startAgent, type RunningAgent } from '@remotelab/lab-agent';
import type { EmittedCycle } from '@remotelab/lab-agent/virtual-board';
import { spawnTs, waitForLine } from '../../scripts/lib/child-process.ts';
import { freePort } from '../support/free-port.ts';
import { picker, seededRandom } from '../support/seeded-random.ts';
import { faultBenchInput, waitUntil } from '../support/frame-record.ts';
import { startTestBoard, testWorkspace } from '../support/test-stack.ts';

const SEED = 0x6b11;
const KILLS = 5;
const silent = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/**
 * One analog channel on the counter twin: every sample reads its sampling cycle's index modulo
 * 1024, stored exactly (gain 1, resolution 1), so the recording says which board cycle each row
 * came from and a missing or doubled sample shows.
 */
const bench = BenchDefinitionSchema.parse({
  ...faultBenchInput('ctr-kill'),
  inputs: [
    {
      kind: 'analog-in',
      id: 'count',
      label: 'Cycle',
      pin: 'A0',
      unit: 'n',
      gain: 1,
      offset: 0,
      range: { min: 0, max: 1023 },
    },
  ],
});

/**
 * `kill -9` of the server process, 5 times at seeded-random moments of a recorded session, each
 * time started again as its supervisor would. The agent and the board stay up. The recording in
 * SQLite must then hold every sample the board produced while the agent ran, once, in order:
 * the agent kept each frame until the server said its chunk was committed, and replayed the rest.
 */
describe(
  'the server killed with SIGKILL during a recorded session, 5 times',
  { timeout: 180_000 },
  () => {
    const ws = testWorkspace();
    const link = path.join(ws.dir, 'ctr-kill.tty');
    const databaseUrl = `sqlite:${path.join(ws.dir, 'server.db')}`;
    const sessionId = randomUUID();
    const cycles: EmittedCycle[] = [];
    let port = 0;
    let server: ChildProcess | undefined;
    let board: Awaited<ReturnType<typeof startTestBoard>>;
    let agent: RunningAgent;

    const startServer = async () => {
      const child = spawnTs('server/src/main.ts', [], {
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: databaseUrl,
        LAB_REDIS_PREFIX: ws.prefix,
        LAB_AGENT_TOKENS: `kill-agent:${ws.tokenFor('kill-agent')}`,
        LAB_AUTO_ENROLL_BENCHES: 'true',
        LAB_COMMANDS_NEED_SESSION: 'false',
        LAB_LOG_LEVEL: 'info',
      });
      server = child;
      await waitForLine(child, /server listening/, 60_000);
      child.stdout?.resume();
      child.stderr?.resume();
    };
    const killServer = async () => {
      const child = server!;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    };
    /** The agent is connected and holds little: what it held while the server was away is stored. */
    const replayed = () =>
      waitUntil(
        // checked on every frame the agent makes (one per 50 ms)
        (fn) => (agent.benches[0]!.on('frame', fn), () => void agent.benches[0]!.off('frame', fn)),
        () => agent.link.connected && agent.link.backlog(bench.id)!.length < 60,
        'the agent connected, its replay stored',
        30_000,
      );

    beforeAll(async () => {
      port = await freePort();
      // A session left active in the database: every start of the server resumes its recording.
      const storage = await openDatabase(databaseUrl, silent);
      const owner = await createAccount(
        storage.db,
        {
          email: 'owner@example.org',
          displayName: 'Owner',
          role: 'student',
          password: 'x'.repeat(12),
        },
        { log2N: 10, r: 8, p: 1 },
        silent,
      );
      await storage.db
        .insertInto('sessions')
        .values({
          id: sessionId,
          bench_id: bench.id,
          lab_id: null,
          owner_id: owner.id,
          status: 'active',
          started_at: Date.now(),
          ended_at: null,
          end_reason: null,
          channels_json: JSON.stringify(storedChannels(describeBench(bench).inputs)),
        })
        .execute();
      await storage.close();
      await startServer();
      board = await startTestBoard(bench, link, { model: 'counter' });
      board.on('cycle', (cycle) => cycles.push(cycle));
      agent = startAgent({
        serverUrl: `http://127.0.0.1:${port}`,
        token: ws.tokenFor('kill-agent'),
        agentId: 'kill-agent',
        benches: [bench],
        benchPorts: { [bench.id]: link },
        versionQueryDelayMs: 50,
        silenceTimeoutMs: 1000,
        replayBufferS: 120,
        // The session is the recording's business here; the agent keeps it through the restarts.
        linkLossSafeMs: 120_000,
        logger: silent,
      });
      await replayed();
    });

    afterAll(async () => {
      await agent?.stop();
      if (server && server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
      await board?.close();
      ws.cleanup();
    });

    it('loses no sample: the recording matches the board log, cycle for cycle', async () => {
      const { between } = picker(seededRandom(SEED));
      for (let kill = 0; kill < KILLS; kill += 1) {
        // The scenario's clock: the session runs a random while, then the server dies.
        await runFor(between(1000, 4000));
        await killServer();
        await startServer();
        await replayed();
      }
      await runFor(between(1000, 2000));
      await agent.stop();
      const agentStoppedAt = Date.now();
      // A clean stop stores what the server holds; the kills above gave it no such chance.
      const stopped = new Promise((resolve) => server!.once('exit', resolve));
      server!.kill('SIGTERM');
      await stopped;

      const storage = await openDatabase(databaseUrl, silent);
      const chunks = await storage.db
        .selectFrom('recording_chunks')
        .select(['chunk_index', 'data'])
        .where('session_id', '=', sessionId)
        .orderBy('chunk_index')
        .execute();
      await storage.close();
      const rows: Array<{ t: number; value: number }> = [];
      for (const chunk of chunks) {
        const decoded = decodeChunk(chunk.data);
        const values = decoded.columns.find((c) => c.id === 'count')!.values;
        let row = 0;
        for (const frame of decoded.frames)
          for (let i = 0; i < frame.rows; i += 1, row += 1)
            rows.push({ t: frame.t0 + i * frame.dt, value: values[row]! });
      }
      expect(chunks.map((c) => c.chunk_index)).toEqual(chunks.map((_, i) => i));

      // StandardFirmata answers REPORT_ANALOG with the pin's current reading at once
      // (reportAnalogCallback: `Firmata.sendAnalog(analogPin, analogRead(analogPin))`), before
      // its first sampling cycle: that reading is not in the board's cycle log.
      if (rows[0]!.value === rows[1]!.value) rows.shift();
      // Every row is the cycle after the previous one: no sample missing, none twice. (Row times
      // are the agent's estimates and may step back a little between frames: values decide.)
      const breaks: string[] = [];
      rows.forEach((row, i) => {
        if (i === 0) return;
        const previous = rows[i - 1]!;
        if (row.value !== (previous.value + 1) % 1024)
          breaks.push(`row ${i}: ${previous.value} -> ${row.value} at ${row.t - rows[0]!.t} ms`);
      });
      expect(breaks).toEqual([]);
      // From the board's first reporting cycle to the one the agent sent last before it stopped.
      const first = rows[0]!;
      const last = rows.at(-1)!;
      const nearest = (row: { t: number; value: number }) =>
        cycles
          .filter((c) => c.index % 1024 === row.value)
          .reduce((a, b) =>
            Math.abs(b.sampledAt - row.t) < Math.abs(a.sampledAt - row.t) ? b : a,
          );
      const firstCycle = nearest(first);
      const lastCycle = nearest(last);
      expect(firstCycle.index).toBeLessThan(5);
      expect(rows).toHaveLength(lastCycle.index - firstCycle.index + 1);
      // and nothing lost at the end beyond the frame the agent was assembling when it stopped
      expect(agentStoppedAt - last.t).toBeLessThan(500);
    });
  },
);
