import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AuditLog } from '../audit/audit-log.ts';
import { openDatabase, type OpenDatabase } from '../db/open-database.ts';
import { createAccount } from '../users/create-account.ts';
import { AuthService } from './auth-service.ts';
import { AuthSessionStore } from './auth-session-store.ts';
import type { SignInLimiter } from './sign-in-limiter.ts';
import type * as PasswordHash from './password-hash.ts';

// Counts scrypt runs; the real function still does the work.
const hashing = vi.hoisted(() => ({ runs: 0 }));
vi.mock('./password-hash.ts', async (importOriginal) => {
  const real = await importOriginal<typeof PasswordHash>();
  return {
    ...real,
    hashPassword: (...args: Parameters<typeof real.hashPassword>) => {
      hashing.runs += 1;
      return real.hashPassword(...args);
    },
  };
});

const SCRYPT = { log2N: 10, r: 8, p: 3 };
const silent = pino({ level: 'silent' });
/** These tests are about the order of work (token before hashing): the limiter grants everything. */
const openLimiter: Pick<SignInLimiter, 'reserveSignIn' | 'reserveResetConfirm'> = {
  reserveSignIn: async () => ({ succeeded: async () => undefined }),
  reserveResetConfirm: async () => ({ succeeded: async () => undefined }),
};

describe('AuthService.confirmReset', () => {
  let dir: string;
  let storage: OpenDatabase;
  let auth: AuthService;
  const mail: string[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'remotelab-auth-'));
    storage = await openDatabase(`sqlite:${path.join(dir, 'auth.db')}`, silent);
    const deps = { db: storage.db, now: Date.now, logger: silent };
    auth = new AuthService({
      ...deps,
      audit: new AuditLog(storage.db, Date.now),
      sessions: new AuthSessionStore(storage.db, Date.now, 3_600_000),
      limiter: openLimiter,
      mailer: { send: async (message) => void mail.push(message.text) },
      scrypt: SCRYPT,
      publicUrl: 'http://lab.example',
    });
  });
  afterAll(async () => {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('checks the token before any hashing: an unusable link costs no scrypt run', async () => {
    const before = hashing.runs;
    await expect(
      auth.confirmReset('A'.repeat(43), 'a brand new passphrase', '192.0.2.1'),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(hashing.runs).toBe(before);
  });

  it('hashes once for a usable link', async () => {
    await createAccount(
      storage.db,
      {
        email: 'reset@example.org',
        displayName: 'R',
        role: 'student',
        password: 'old passphrase!',
      },
      SCRYPT,
      silent,
      Date.now,
    );
    await auth.requestReset('reset@example.org', '192.0.2.1');
    const token = /token=([\w-]+)/.exec(mail.at(-1) ?? '')?.[1] ?? '';
    const before = hashing.runs;
    await auth.confirmReset(token, 'a brand new passphrase', '192.0.2.1');
    expect(hashing.runs).toBe(before + 1);
  });
});
