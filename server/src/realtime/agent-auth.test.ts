import { describe, expect, it } from 'vitest';
import { AgentTokenVerifier } from './agent-auth.ts';

describe('AgentTokenVerifier', () => {
  it('accepts only the configured tokens', () => {
    const verifier = new AgentTokenVerifier(['alpha', 'beta']);
    expect(verifier.verify('beta')).toBe(true);
    expect(verifier.verify('Beta')).toBe(false);
    expect(verifier.verify('')).toBe(false);
    expect(new AgentTokenVerifier([]).verify('alpha')).toBe(false);
  });
});
