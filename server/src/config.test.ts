import { describe, expect, it } from 'vitest';
import { ConfigError, describeServerConfig, readServerConfig } from './config.ts';

describe('readServerConfig', () => {
  it('applies defaults and parses lists', () => {
    const config = readServerConfig({ LAB_AGENT_TOKENS: 'a, b,,' });
    expect(config.port).toBe(8080);
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.agentTokens).toEqual(['a', 'b']);
  });

  it('defaults to a SQLite file under ./data and accepts PostgreSQL URLs', () => {
    expect(readServerConfig({}).databaseUrl).toBe('sqlite:./data/remotelab.db');
    expect(readServerConfig({ DATABASE_URL: 'postgres://u:p@db:5432/lab' }).databaseUrl).toBe(
      'postgres://u:p@db:5432/lab',
    );
    expect(() => readServerConfig({ DATABASE_URL: 'mysql://root@db/lab' })).toThrow(/DATABASE_URL/);
    expect(readServerConfig({ LAB_TRUST_PROXY: '1' }).trustProxy).toBe(true);
    expect(readServerConfig({}).trustProxy).toBe(false);
    expect(() => readServerConfig({ LAB_PASSWORD_COST: '4' })).toThrow(/LAB_PASSWORD_COST/);
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
