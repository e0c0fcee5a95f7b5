import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AgentTokenVerifier } from './agent-auth.ts';

const sha = (token: string) => createHash('sha256').update(token).digest('hex');

describe('AgentTokenVerifier', () => {
  it('accepts only the configured tokens', async () => {
    const verifier = new AgentTokenVerifier(['alpha', 'beta']);
    expect(await verifier.verify('beta', 'any')).toBe(true);
    expect(await verifier.verify('Beta', 'any')).toBe(false);
    expect(await verifier.verify('', 'any')).toBe(false);
    expect(await new AgentTokenVerifier([]).verify('alpha', 'any')).toBe(false);
  });

  it('accepts a stored token only for the agent it was issued to', async () => {
    const stored: Record<string, string> = { 'lab-pc-1': sha('issued-token') };
    const verifier = new AgentTokenVerifier([], async (id) => stored[id]);
    expect(await verifier.verify('issued-token', 'lab-pc-1')).toBe(true);
    expect(await verifier.verify('issued-token', 'lab-pc-2')).toBe(false);
    expect(await verifier.verify('other-token', 'lab-pc-1')).toBe(false);
  });
});
