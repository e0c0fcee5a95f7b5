import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The folder of the demo's own files (accounts, the agent's state): next to its SQLite database,
 * so a fresh database starts a fresh demo; `data/` otherwise.
 */
export function demoDataDir(databaseUrl: string | undefined): string {
  const sqlite = /^sqlite:(.+)$/.exec(databaseUrl ?? '')?.[1];
  return sqlite ? path.dirname(path.resolve(REPO_ROOT, sqlite)) : path.join(REPO_ROOT, 'data');
}
/**
 * Runs a TypeScript entry point of this repository in ONE Node process (tsx as a loader, not the
 * tsx CLI, which would put a wrapper process in between: killing the wrapper with SIGKILL would
 * orphan the real process, and a supervisor would then start a second one).
 */
export function spawnTs(
  entry: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  { stdin = 'ignore' }: { stdin?: 'ignore' | 'pipe' } = {},
): ChildProcess {
  const nodeArgs = [
    '--conditions=@remotelab/source',
    '--import',
    'tsx',
    path.join(REPO_ROOT, entry),
  ];
  return spawn(process.execPath, [...nodeArgs, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: [stdin, 'pipe', 'pipe'],
  });
}

/** Calls `onLine` for every line the child writes on stdout or stderr. */
export function onLines(
  child: ChildProcess,
  onLine: (line: string, stream: 'stdout' | 'stderr') => void,
): void {
  if (child.stdout) createInterface({ input: child.stdout }).on('line', (l) => onLine(l, 'stdout'));
  if (child.stderr) createInterface({ input: child.stderr }).on('line', (l) => onLine(l, 'stderr'));
}

/** Resolves with the first match of `pattern` in the child's output; rejects if it exits first. */
export function waitForLine(
  child: ChildProcess,
  pattern: RegExp,
  timeoutMs: number,
): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`timed out waiting for ${pattern}`)),
      timeoutMs,
    );
    onLines(child, (line) => {
      const match = line.match(pattern);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`process exited (${code}) before printing ${pattern}`));
    });
  });
}

/** Formats a pino JSON line as `[name] LEVEL message {extra}`; other lines pass through. */
export function formatLogLine(name: string, line: string): string {
  try {
    const entry = JSON.parse(line) as Record<string, unknown>;
    if (typeof entry.msg !== 'string') return `[${name}] ${line}`;
    const { level, time: _t, pid: _p, hostname: _h, name: _n, msg, scope: _s, ...rest } = entry;
    const levelName = {
      10: 'trace',
      20: 'debug',
      30: 'info',
      40: 'WARN',
      50: 'ERROR',
      60: 'FATAL',
    }[level as number];
    const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
    return `[${name}] ${levelName ?? ''} ${msg}${extra}`;
  } catch {
    return `[${name}] ${line}`;
  }
}
