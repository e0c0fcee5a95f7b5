import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AgentTokenVerifier } from './agent-auth.ts';

const sha = (token: string) => createHash('sha256').update(token).digest('hex');

describe('AgentTokenVerifier', () => {
  it('accepts a configured token only with the agent id it is paired with', async () => {
    const verifier = new AgentTokenVerifier([
      { agentId: 'pc-a', token: 'alpha-token' },
      { agentId: 'pc-b', token: 'beta-token' },
    ]);
    expect(await verifier.verify('beta-token', 'pc-b')).toBe(true);
    expect(await verifier.verify('beta-token', 'pc-a')).toBe(false);
    expect(await verifier.verify('beta-token', 'pc-c')).toBe(false);
    expect(await verifier.verify('Beta-token', 'pc-b')).toBe(false);
    expect(await verifier.verify('', 'pc-b')).toBe(false);
    expect(await new AgentTokenVerifier([]).verify('alpha-token', 'pc-a')).toBe(false);
    expect(verifier.configuredAgentIds).toEqual(['pc-a', 'pc-b']);
  });

  it('accepts a stored token only for the agent it was issued to', async () => {
    const stored: Record<string, string> = { 'lab-pc-1': sha('issued-token') };
    const verifier = new AgentTokenVerifier([], async (id) => stored[id]);
    expect(await verifier.verify('issued-token', 'lab-pc-1')).toBe(true);
    expect(await verifier.verify('issued-token', 'lab-pc-2')).toBe(false);
    expect(await verifier.verify('other-token', 'lab-pc-1')).toBe(false);
  });
});
