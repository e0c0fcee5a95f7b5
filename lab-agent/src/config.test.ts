import { describe, expect, it } from 'vitest';
import { ConfigError, readAgentConfig } from './config.ts';

describe('readAgentConfig', () => {
  it('reads LAB_* variables with defaults', () => {
    const config = readAgentConfig({
      LAB_AGENT_TOKEN: 't0ken',
      LAB_BENCHES: 'rc-filter, led-iv',
      LAB_BENCH_PORTS: 'rc-filter=/dev/ttyACM0',
    });
    expect(config.benches).toEqual(['rc-filter', 'led-iv']);
    expect(config.benchPorts).toEqual({ 'rc-filter': '/dev/ttyACM0' });
    expect(config.serverUrl).toBe('http://localhost:8080');
    expect(config.linkLossSafeMs).toBe(10_000);
    expect(config.replayBufferS).toBe(120);
    expect(config.healthPort).toBeUndefined();
    expect(readAgentConfig({ LAB_AGENT_TOKEN: 't', LAB_HEALTH_PORT: '9100' }).healthPort).toBe(
      9100,
    );
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('names the variable at fault', () => {
    expect(() => readAgentConfig({})).toThrow(/LAB_AGENT_TOKEN/);
    expect(() => readAgentConfig({ LAB_AGENT_TOKEN: 'x', LAB_BENCH_PORTS: 'oops' })).toThrow(
      /LAB_BENCH_PORTS/,
    );
    expect(() => readAgentConfig({ LAB_AGENT_TOKEN: 'x', LAB_SERVER_URL: 'not a url' })).toThrow(
      ConfigError,
    );
    expect(() => readAgentConfig({ LAB_AGENT_TOKEN: 'x', LAB_REPLAY_BUFFER_S: '0' })).toThrow(
      /LAB_REPLAY_BUFFER_S/,
    );
    expect(() => readAgentConfig({ LAB_AGENT_TOKEN: 'x', LAB_HEALTH_PORT: '70000' })).toThrow(
      /LAB_HEALTH_PORT/,
    );
  });
});
