import { describe, expect, it } from 'vitest';
import { AgentConnections } from './agent-connections.ts';

describe('AgentConnections', () => {
  it('gives an agent id to one socket at a time, freed only by its holder', () => {
    const connections = new AgentConnections();
    expect(connections.claim('pc-1', 's1')).toBe(true);
    expect(connections.claim('pc-1', 's1')).toBe(true);
    expect(connections.claim('pc-1', 's2')).toBe(false);
    expect(connections.claim('pc-2', 's2')).toBe(true);
    connections.release('pc-1', 's2');
    expect(connections.holder('pc-1')).toBe('s1');
    connections.release('pc-1', 's1');
    expect(connections.claim('pc-1', 's2')).toBe(true);
  });
});
