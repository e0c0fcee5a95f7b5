import { describe, expect, it } from 'vitest';
import { ConfigError, describeServerConfig, readServerConfig } from './config.ts';

describe('readServerConfig', () => {
  it('applies defaults and parses lists', () => {
    const config = readServerConfig({ LAB_AGENT_TOKENS: 'a, b,,' });
    expect(config.port).toBe(8080);
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.agentTokens).toEqual(['a', 'b']);
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
