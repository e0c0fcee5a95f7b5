import { createHash, timingSafeEqual } from 'node:crypto';

/** Looks up the SHA-256 (hex) of the token issued to an agent, if it has one. */
export type AgentTokenLookup = (agentId: string) => Promise<string | undefined>;

/**
 * Checks agent tokens in constant time; only SHA-256 digests are kept. Two sources: the tokens of
 * LAB_AGENT_TOKENS (any agent id; for the demo and bootstrapping) and the per-agent tokens admins
 * issue, stored in the database and valid only for their own agent id.
 */
export class AgentTokenVerifier {
  private readonly digests: Buffer[];

  constructor(
    tokens: readonly string[],
    private readonly lookup: AgentTokenLookup = async () => undefined,
  ) {
    this.digests = tokens.map(digest);
  }

  async verify(token: string, agentId: string): Promise<boolean> {
    const candidate = digest(token);
    let match = false;
    for (const known of this.digests) match = timingSafeEqual(known, candidate) || match;
    if (match) return true;
    const stored = await this.lookup(agentId);
    if (!stored || !/^[0-9a-f]{64}$/.test(stored)) return false;
    return timingSafeEqual(Buffer.from(stored, 'hex'), candidate);
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
