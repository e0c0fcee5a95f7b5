import { describe, expect, it } from 'vitest';
import { ConfigError, describeServerConfig, readServerConfig } from './config.ts';

describe('readServerConfig', () => {
  it('applies defaults and parses lists', () => {
    const config = readServerConfig({ LAB_AGENT_TOKENS: 'pc-1:secret-one, pc-2:secret:two,,' });
    expect(config.port).toBe(8080);
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.agentTokens).toEqual([
      { agentId: 'pc-1', token: 'secret-one' },
      { agentId: 'pc-2', token: 'secret:two' },
    ]);
    expect(config.autoEnrollBenches).toBe(false);
  });

  it('binds each env token to one agent id, naming the entry and never the token', () => {
    const refusals = [
      'bare-token-without-id',
      'pc-1:secret-one,pc-1:secret-two',
      'pc-1:same-secret,pc-2:same-secret',
      'pc 1:secret-one',
      'pc-1:short',
    ];
    for (const value of refusals) {
      expect(() => readServerConfig({ LAB_AGENT_TOKENS: value }), value).toThrow(
        /LAB_AGENT_TOKENS: entry \d/,
      );
      try {
        readServerConfig({ LAB_AGENT_TOKENS: value });
      } catch (error) {
        expect((error as Error).message).not.toMatch(/secret|bare-token/);
      }
    }
  });

  it('defaults to a SQLite file under ./data and accepts PostgreSQL URLs', () => {
    expect(readServerConfig({}).databaseUrl).toBe('sqlite:./data/remotelab.db');
    expect(readServerConfig({ DATABASE_URL: 'postgres://u:p@db:5432/lab' }).databaseUrl).toBe(
      'postgres://u:p@db:5432/lab',
    );
    expect(() => readServerConfig({ DATABASE_URL: 'mysql://root@db/lab' })).toThrow(/DATABASE_URL/);
    expect(() => readServerConfig({ LAB_PASSWORD_COST: '4' })).toThrow(/LAB_PASSWORD_COST/);
  });

  it('trusts a hop count or named proxies, never every X-Forwarded-For', () => {
    expect(readServerConfig({}).trustProxy).toBe(false);
    expect(readServerConfig({ LAB_TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(readServerConfig({ LAB_TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(readServerConfig({ LAB_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1' }).trustProxy).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
      '::1',
    ]);
    expect(readServerConfig({ LAB_TRUST_PROXY: 'loopback' }).trustProxy).toEqual(['loopback']);
    expect(() => readServerConfig({ LAB_TRUST_PROXY: 'true' })).toThrow(
      /LAB_TRUST_PROXY: "true" would trust any X-Forwarded-For a client writes/,
    );
    for (const everything of ['0.0.0.0/0', '::/0', 'proxy.example', '10.0.0.0/33'])
      expect(() => readServerConfig({ LAB_TRUST_PROXY: everything })).toThrow(/LAB_TRUST_PROXY/);
  });

  it('reads origins, frame ancestors and Markdown hosts, refusing wildcards', () => {
    const config = readServerConfig({
      LAB_ALLOWED_ORIGINS: 'https://a.example, http://b.example:8081',
      LAB_FRAME_ANCESTORS: "'self' https://moodle.example.edu",
      LAB_IMAGE_HOSTS: 'Images.Example.edu',
    });
    expect(config.allowedOrigins).toEqual(['https://a.example', 'http://b.example:8081']);
    expect(config.frameAncestors).toEqual(["'self'", 'https://moodle.example.edu']);
    expect(config.imageHosts).toEqual(['images.example.edu']);
    expect(readServerConfig({}).frameAncestors).toEqual(["'self'"]);
    expect(() => readServerConfig({ LAB_ALLOWED_ORIGINS: 'https://a.example/path' })).toThrow(
      /LAB_ALLOWED_ORIGINS/,
    );
    expect(() => readServerConfig({ LAB_FRAME_ANCESTORS: '*' })).toThrow(/LAB_FRAME_ANCESTORS/);
    expect(() => readServerConfig({ LAB_FRAME_ANCESTORS: 'https:' })).toThrow(
      /LAB_FRAME_ANCESTORS/,
    );
    expect(() => readServerConfig({ LAB_IMAGE_HOSTS: '*.example.edu' })).toThrow(/LAB_IMAGE_HOSTS/);
  });

  it('points the links in mails at PORT unless LAB_PUBLIC_URL is set', () => {
    expect(readServerConfig({}).publicUrl).toBe('http://localhost:8080');
    expect(readServerConfig({ PORT: '3000' }).publicUrl).toBe('http://localhost:3000');
    expect(
      readServerConfig({ PORT: '3000', LAB_PUBLIC_URL: 'https://lab.example.org' }).publicUrl,
    ).toBe('https://lab.example.org');
  });

  it('names the variable at fault', () => {
    expect(() => readServerConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => readServerConfig({ PORT: '70000' })).toThrow(/PORT/);
  });

  it('documents every variable', () => {
    for (const { env, doc } of describeServerConfig()) {
      expect(env).toMatch(/^[A-Z_]+$/);
      expect(doc.length).toBeGreaterThan(5);
    }
  });
});
