import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { formatLogLine, onLines, spawnTs, waitForLine } from './child-process.ts';
import { hasRedisServer, redisAnswers, startPrivateRedis } from './redis-for-demo.ts';

export interface DemoOptions {
  port: number;
  redisUrl: string;
  /** Bench ids to run on virtual boards. */
  benches: string[];
  /**
   * Of those, the ones announced as their pool's practice twin. A twin is for practice, not for
   * bookings, so a demo whose only bench were a twin would have nothing to book.
   */
  twinBenches?: string[];
  /** Where child output goes (one formatted line each); `() => {}` to silence. */
  log: (line: string) => void;
  /** Port for a private Redis when none answers at redisUrl. */
  privateRedisPort: number;
}

export interface RunningDemo {
  url: string;
  /** Link path of each bench's virtual board. */
  ttys: Record<string, string>;
  /** The folder the server writes mail to (LAB_MAIL_OUTBOX), one file per message. */
  mailOutbox: string;
  /** The current child of a role; supervised roles are replaced after they die. */
  child(role: string): ChildProcess | undefined;
  stop(): Promise<void>;
}

/** How long a supervised process waits before it is started again after dying. */
const RESTART_DELAY_MS = 1000;

/**
 * Starts what `npm start` runs: a server, one virtual board per bench and one lab-agent, wired
 * together on loopback, with a private Redis when none answers. The agent and the boards are
 * supervised: a killed one is started again.
 */
export async function launchDemo(options: DemoOptions): Promise<RunningDemo> {
  const children = new Map<string, ChildProcess>();
  const stopping = { value: false };
  const cleanups: Array<() => void> = [];
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'remotelab-demo-'));
  cleanups.push(() => rmSync(tmp, { recursive: true, force: true }));

  let redisUrl = options.redisUrl;
  if (!(await redisAnswers(redisUrl))) {
    if (!hasRedisServer()) {
      throw new Error(
        `No Redis answers at REDIS_URL=${redisUrl} and redis-server is not installed. ` +
          'Install Redis (apt-get install redis-server) or set REDIS_URL to a running one.',
      );
    }
    const redis = await startPrivateRedis(options.privateRedisPort);
    cleanups.push(() => redis.kill());
    redisUrl = `redis://127.0.0.1:${options.privateRedisPort}`;
    options.log(`[demo] no Redis at ${options.redisUrl}: started a private one at ${redisUrl}`);
  }

  const token = randomBytes(24).toString('base64url');
  const start = (role: string, entry: string, args: string[], env: NodeJS.ProcessEnv) => {
    const child = spawnTs(entry, args, env);
    children.set(role, child);
    onLines(child, (line) => options.log(formatLogLine(role, line)));
    return child;
  };
  const supervise = (role: string, launch: () => ChildProcess): ChildProcess => {
    const child = launch();
    child.once('exit', (code, signal) => {
      if (stopping.value) return;
      options.log(`[demo] ${role} exited (${signal ?? code}); starting it again`);
      setTimeout(() => {
        if (!stopping.value) supervise(role, launch);
      }, RESTART_DELAY_MS);
    });
    return child;
  };

  const mailOutbox = process.env.LAB_MAIL_OUTBOX ?? path.join(tmp, 'outbox');
  const server = start('server', 'server/src/main.ts', [], {
    PORT: String(options.port),
    REDIS_URL: redisUrl,
    LAB_AGENT_TOKENS: `demo-agent:${token}`,
    // The demo's own agent enrolls its benches as it announces them; a deployment leaves this off
    // so a technician approves each new bench.
    LAB_AUTO_ENROLL_BENCHES: process.env.LAB_AUTO_ENROLL_BENCHES ?? 'true',
    // The demo opens the bench to whoever visits; a deployment keeps the default (sessions only).
    LAB_COMMANDS_NEED_SESSION: process.env.LAB_COMMANDS_NEED_SESSION ?? 'false',
    // It takes commands from anyone: loopback only, unless HOST says otherwise.
    HOST: process.env.HOST ?? '127.0.0.1',
    // Pages at either loopback name may open the socket (the Origin check refuses others).
    LAB_PUBLIC_URL: process.env.LAB_PUBLIC_URL ?? `http://localhost:${options.port}`,
    LAB_ALLOWED_ORIGINS: process.env.LAB_ALLOWED_ORIGINS ?? `http://127.0.0.1:${options.port}`,
    // No SMTP here: reset and invitation mails land as files (logs never carry their links).
    LAB_MAIL_OUTBOX: mailOutbox,
  });
  await waitForLine(server, /remotelab server listening/, 30_000);
  const url = `http://127.0.0.1:${options.port}`;

  const ttys: Record<string, string> = {};
  for (const benchId of options.benches) {
    const link = path.join(tmp, `${benchId}.tty`);
    ttys[benchId] = link;
    const role = `board:${benchId}`;
    const args = ['--bench', benchId, '--link', link];
    const board = supervise(role, () =>
      start(role, 'lab-agent/src/virtual-board/main.ts', args, {}),
    );
    await waitForLine(board, /ready on (\S+)/, 30_000);
  }

  supervise('agent', () =>
    start('agent', 'lab-agent/src/main.ts', [], {
      LAB_SERVER_URL: url,
      LAB_AGENT_TOKEN: token,
      LAB_AGENT_ID: 'demo-agent',
      LAB_BENCHES: options.benches.join(','),
      LAB_TWIN_BENCHES: (options.twinBenches ?? []).join(','),
      LAB_BENCH_PORTS: options.benches.map((id) => `${id}=${ttys[id]}`).join(','),
      // Virtual boards do not reset when the port opens: ask for the version at once.
      LAB_VERSION_QUERY_DELAY_MS: '100',
    }),
  );

  return {
    url,
    ttys,
    mailOutbox,
    child: (role) => children.get(role),
    async stop() {
      stopping.value = true;
      const exits = [...children.values()]
        .filter((child) => child.exitCode === null && child.signalCode === null)
        .map(
          (child) =>
            new Promise<void>((resolve) => {
              child.once('exit', () => resolve());
              child.kill('SIGTERM');
            }),
        );
      await Promise.all(exits);
      for (const cleanup of cleanups.reverse()) cleanup();
    },
  };
}
