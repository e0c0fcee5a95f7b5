import { randomBytes } from 'node:crypto';
import { readDemoConfig } from './demo-config.ts';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import {
  REPO_ROOT,
  demoDataDir,
  formatLogLine,
  onLines,
  spawnTs,
  waitForLine,
} from './child-process.ts';
import { hasRedisServer, redisAnswers, startPrivateRedis } from './redis-for-demo.ts';
import { freeLoopbackPort, openRelay } from './tcp-relay.ts';

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
  /**
   * Also run, beside each bench, its practice twin `<id>-twin`: the same definition on another
   * virtual board, announced as the pool's twin, so the real one stays bookable.
   */
  withTwins?: boolean;
  /** The address people open (links in mails); default `http://localhost:<port>`. */
  publicUrl?: string;
  /**
   * Runs once the benches are online and before the port answers anyone: the demo's seed, so a
   * visitor never meets a half-made platform. Gets the server's internal address.
   */
  beforeOpen?: (internalUrl: string) => Promise<void>;
  /** Where child output goes (one formatted line each); `() => {}` to silence. */
  log: (line: string) => void;
  /** Port for a private Redis when none answers at redisUrl. */
  privateRedisPort: number;
}

export interface RunningDemo {
  url: string;
  /** Every bench run, twins included. */
  benchIds: string[];
  /** Link path of each bench's virtual board. */
  ttys: Record<string, string>;
  /** The folder the server writes mail to (LAB_MAIL_OUTBOX), one file per message. */
  mailOutbox: string;
  /** The current child of a role; supervised roles are replaced after they die. */
  child(role: string): ChildProcess | undefined;
  stop(): Promise<void>;
}

/** How long a process may take to say it is ready (a loaded machine starts Node slowly). */
const STARTUP_TIMEOUT_MS = 60_000;

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

  const env = readDemoConfig();
  const mailOutbox = env.mailOutbox ?? path.join(tmp, 'outbox');
  // The server listens on a private port; the public one opens (a plain TCP relay on the same
  // interface) only after `beforeOpen`, so the printed accounts work the moment anyone can
  // reach the page.
  const gated = options.beforeOpen !== undefined;
  const serverPort = gated ? await freeLoopbackPort() : options.port;
  // It takes commands from anyone: loopback only, unless HOST says otherwise.
  const host = env.host;
  const url = `http://127.0.0.1:${options.port}`;
  const server = start('server', 'server/src/main.ts', [], {
    PORT: String(serverPort),
    HOST: gated ? '127.0.0.1' : host,
    REDIS_URL: redisUrl,
    LAB_AGENT_TOKENS: `demo-agent:${token}`,
    // The demo's own agent enrolls its benches as it announces them; a deployment leaves this off
    // so a technician approves each new bench.
    LAB_AUTO_ENROLL_BENCHES: env.autoEnroll,
    // The demo opens the bench to whoever visits; a deployment keeps the default (sessions only).
    LAB_COMMANDS_NEED_SESSION: env.commandsNeedSession,
    // Pages at either loopback name may open the socket (the Origin check refuses others).
    // Links in mails follow the public port, not the private one.
    LAB_PUBLIC_URL: env.publicUrl ?? options.publicUrl ?? `http://localhost:${options.port}`,
    LAB_ALLOWED_ORIGINS: env.allowedOrigins ?? `http://127.0.0.1:${options.port}`,
    // No SMTP here: reset and invitation mails land as files (logs never carry their links).
    LAB_MAIL_OUTBOX: mailOutbox,
  });
  const internalUrl = `http://127.0.0.1:${serverPort}`;
  const serverUp = waitForLine(server, /remotelab server listening/, STARTUP_TIMEOUT_MS);

  const benchFiles = new Map<string, string>(options.benches.map((id) => [id, id]));
  if (options.withTwins) {
    const dir = path.join(tmp, 'benches');
    mkdirSync(dir);
    for (const id of options.benches) benchFiles.set(`${id}-twin`, writeTwinDefinition(id, dir));
  }
  const twinIds = [
    ...(options.twinBenches ?? []),
    ...(options.withTwins ? options.benches.map((id) => `${id}-twin`) : []),
  ];
  const ttys: Record<string, string> = {};
  // The boards run in two processes (real benches, twins), one per core of a small machine,
  // each restarted if it dies; they start while the server starts.
  const groups = new Map<string, string[]>();
  for (const [benchId, file] of benchFiles) {
    ttys[benchId] = path.join(tmp, `${benchId}.tty`);
    const group = twinIds.includes(benchId) ? 'boards:twins' : 'boards';
    groups.set(group, [...(groups.get(group) ?? []), '--board', `${file}=${ttys[benchId]}`]);
  }
  const boardsReady = Promise.all(
    [...groups].map(([group, args]) => {
      const child = supervise(group, () =>
        start(group, 'scripts/lib/virtual-boards-main.ts', args, {}),
      );
      const ids = [...benchFiles.keys()].filter((id) => args.some((a) => a.endsWith(`/${id}.tty`)));
      return Promise.all(
        ids.map((id) =>
          waitForLine(child, new RegExp(`Virtual board ${id} ready on`), STARTUP_TIMEOUT_MS),
        ),
      );
    }),
  );
  // Nothing is left running when the start fails.
  const abort = (error: unknown): never => {
    stopping.value = true;
    for (const child of children.values()) child.kill('SIGTERM');
    for (const cleanup of cleanups.reverse()) cleanup();
    throw error;
  };
  // The agent starts once the server answers, while the boards may still be coming up: it
  // retries a missing board (its backoff tops out at 2 s). Starting it together with the server
  // starved the server on a busy two-core machine (63 s instead of 17 s to listen).
  const agentUrl = gated ? internalUrl : url;
  const agentStarted = serverUp.then(() =>
    supervise('agent', () =>
      start('agent', 'lab-agent/src/main.ts', [], {
        LAB_SERVER_URL: agentUrl,
        LAB_AGENT_TOKEN: token,
        LAB_AGENT_ID: 'demo-agent',
        LAB_BENCHES: [...benchFiles.values()].join(','),
        LAB_TWIN_BENCHES: twinIds.join(','),
        // The agent's memory (quarantines) belongs to this demo's data, not to another run's.
        LAB_STATE_FILE:
          env.stateFile ?? path.join(demoDataDir(env.databaseUrl), 'lab-agent-state.json'),
        LAB_BENCH_PORTS: [...benchFiles.keys()].map((id) => `${id}=${ttys[id]}`).join(','),
        // Virtual boards do not reset when the port opens: ask for the version at once.
        LAB_VERSION_QUERY_DELAY_MS: '100',
      }),
    ),
  );

  // The seed (beforeOpen) runs as soon as the server answers, while the benches come up; it
  // waits for the benches it needs itself.
  const seeded = options.beforeOpen
    ? serverUp.then(() => options.beforeOpen?.(internalUrl))
    : Promise.resolve();
  await Promise.all([serverUp, boardsReady, agentStarted, seeded]).catch(abort);
  if (gated) {
    const relay = await openRelay(options.port, serverPort, host).catch(abort);
    cleanups.push(() => relay.close());
  }

  return {
    url,
    benchIds: [...benchFiles.keys()],
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

/**
 * Writes `<id>-twin.yaml`: the bench's own definition under the twin's id and name, so the twin
 * is the same circuit, in the same pool (its `pool`), on a board of its own.
 */
function writeTwinDefinition(benchId: string, dir: string): string {
  const source = readFileSync(
    path.join(REPO_ROOT, 'firmware-config/benches', `${benchId}.yaml`),
    'utf8',
  );
  const twin = source
    .replace(/^id: .*$/m, `id: ${benchId}-twin`)
    .replace(/^name: (.*)$/m, (_line, name: string) => `name: ${JSON.stringify(`${name} (twin)`)}`);
  const file = path.join(dir, `${benchId}-twin.yaml`);
  writeFileSync(file, twin);
  return file;
}
