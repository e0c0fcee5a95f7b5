import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connectClient } from 'socket.io-client';
import { AGENT_PROTOCOL_VERSION } from '@remotelab/protocol';
import { createLogger } from '@remotelab/server';
import { ApiClient } from '../support/api-client.ts';
import {
  SECURITY_PASSWORD,
  startSecurityPlatform,
  type SecurityPlatform,
} from '../support/security-platform.ts';

/**
 * Issue 9, item 12: the server's log (at debug level, with no SMTP configured so mail goes to
 * the log) carries no live token: not a reset link's, not an invitation's, not an agent's.
 */
describe('secrets stay out of the log', () => {
  let s: SecurityPlatform;
  let log = '';
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        log += chunk.toString('utf8');
        done();
      },
    });
    s = await startSecurityPlatform(
      { LAB_AGENT_TOKENS: 'lab-pc-9:env-agent-secret-0123456789' },
      'sqlite',
      {
        logger: createLogger('debug', sink),
        captureMail: false,
      },
    );
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('logs that mail was due, with reset and invitation tokens withheld', async () => {
    const student = await s.account('student');
    const admin = await s.account('admin');
    const anonymous = new ApiClient(s.platform.url);
    expect(
      (await anonymous.call('POST', '/api/auth/password-reset', { email: student.email })).status,
    ).toBe(202);
    const adminClient = new ApiClient(s.platform.url);
    expect((await adminClient.signIn(admin.email, SECURITY_PASSWORD)).status).toBe(200);
    const invited = await adminClient.call('POST', '/api/users', {
      email: `invited-${Date.now()}@example.org`,
      displayName: 'Invited',
      role: 'student',
    });
    expect(invited.status).toBe(201);
    // The mail did reach the log (so this test reads the path it means to)...
    const mailLines = log.split('\n').filter((line) => line.includes('no SMTP configured'));
    expect(mailLines).toHaveLength(2);
    expect(mailLines.every((line) => line.includes('token=[withheld]'))).toBe(true);
    // ...and the stored tokens are nowhere in it.
    expect(log).not.toMatch(/token=(?!\[withheld\])/);

    const issued = await adminClient.call<{ token: string }>('POST', '/api/agents', {
      id: 'lab-pc-7',
      name: 'Lab PC 7',
    });
    expect(issued.status).toBe(201);
    for (const token of [issued.body.token, 'env-agent-secret-0123456789', 'a-wrong-token-42']) {
      const agent = connectClient(`${s.platform.url}/agent`, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        auth: { token, agentId: 'lab-pc-7', protocolVersion: AGENT_PROTOCOL_VERSION },
      });
      await new Promise<void>((resolve) => {
        agent.once('connect', () => resolve());
        agent.once('connect_error', () => resolve());
      });
      agent.close();
    }
    expect(log).not.toContain(issued.body.token);
    expect(log).not.toContain('env-agent-secret-0123456789');
    expect(log).not.toContain('a-wrong-token-42');
  });
});

describe('without SMTP but with LAB_MAIL_OUTBOX', () => {
  it('writes the whole mail to a file only the server user reads, and logs only where', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'remotelab-outbox-'));
    let log = '';
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        log += chunk.toString('utf8');
        done();
      },
    });
    const s = await startSecurityPlatform({ LAB_MAIL_OUTBOX: path.join(dir, 'outbox') }, 'sqlite', {
      logger: createLogger('debug', sink),
      captureMail: false,
    });
    try {
      const user = await s.account();
      await new ApiClient(s.platform.url).call('POST', '/api/auth/password-reset', {
        email: user.email,
      });
      const files = readdirSync(path.join(dir, 'outbox'));
      expect(files).toHaveLength(1);
      const file = path.join(dir, 'outbox', files[0]!);
      const token = /reset-password\?token=([A-Za-z0-9_-]{43})/.exec(
        readFileSync(file, 'utf8'),
      )?.[1];
      expect(token).toBeDefined();
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(log).toContain('mail written to the outbox');
      expect(log).not.toContain(token!);
    } finally {
      await s.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
