import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { openDatabase } from '../db/open-database.ts';
import {
  createScratchDatabase,
  type DatabaseKind,
  type ScratchDatabase,
} from '../testing/scratch-database.ts';
import { verifyPassword } from '../auth/password-hash.ts';

const KINDS = (process.env.TEST_DATABASES ?? 'sqlite,postgres').split(',') as DatabaseKind[];
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Runs `npm run admin:create` as an admin would (through the root script), feeding stdin. */
function adminCreate(
  args: string[],
  stdin: string,
  databaseUrl: string,
): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '-s', 'admin:create', '--', ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, LAB_PASSWORD_COST: '10' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
    child.stdin.end(stdin);
  });
}

describe.each(KINDS)('npm run admin:create on %s', (kind) => {
  let scratch: ScratchDatabase;
  beforeAll(async () => {
    scratch = await createScratchDatabase(kind);
  });
  afterAll(async () => {
    await scratch?.drop();
  });

  it('creates the first admin on a fresh database, with the password from stdin', async () => {
    const result = await adminCreate(
      ['--email', 'Root@Example.org', '--name', 'Root Admin', '--password-stdin'],
      'first admin password\n',
      scratch.url,
    );
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toContain('Admin root@example.org created');
    const storage = await openDatabase(scratch.url, pino({ level: 'silent' }));
    try {
      const row = await storage.db
        .selectFrom('users')
        .selectAll()
        .where('email', '=', 'root@example.org')
        .executeTakeFirstOrThrow();
      expect(row.role).toBe('admin');
      expect(await verifyPassword('first admin password', row.password_hash!)).toBe(true);
      const audit = await storage.db
        .selectFrom('audit_log')
        .selectAll()
        .where('target', '=', row.id)
        .execute();
      expect(audit.map((a) => [a.action, a.ip])).toEqual([['user-created', 'cli']]);
    } finally {
      await storage.close();
    }
  });

  it('refuses a second account with the same email, a short password, and a missing email', async () => {
    const again = await adminCreate(
      ['--email', 'root@example.org', '--name', 'Again', '--password-stdin'],
      'another admin password',
      scratch.url,
    );
    expect(again.code).toBe(1);
    expect(again.err).toContain('already has an account');
    const short = await adminCreate(
      ['--email', 'b@example.org', '--name', 'B', '--password-stdin'],
      'short',
      scratch.url,
    );
    expect(short.code).toBe(1);
    expect(short.err).toContain('password');
    const missing = await adminCreate(
      ['--name', 'C', '--password-stdin'],
      'a long enough password',
      scratch.url,
    );
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('Usage: npm run admin:create');
  });
});
