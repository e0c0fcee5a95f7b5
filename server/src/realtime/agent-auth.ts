import { createHash, timingSafeEqual } from 'node:crypto';

/** Looks up the SHA-256 (hex) of the token issued to an agent, if it has one. */
export type AgentTokenLookup = (agentId: string) => Promise<string | undefined>;

/**
 * Checks agent tokens in constant time; only SHA-256 digests are kept. A token belongs to one
 * agent id, from either source: the `agentId:token` pairs of LAB_AGENT_TOKENS (the demo,
 * bootstrapping) and the per-agent tokens admins issue, stored in the database. A valid token
 * presented with another agent id is refused like a wrong one.
 */
export class AgentTokenVerifier {
  private readonly digests: ReadonlyMap<string, Buffer>;

  constructor(
    pairs: ReadonlyArray<{ agentId: string; token: string }>,
    private readonly lookup: AgentTokenLookup = async () => undefined,
  ) {
    this.digests = new Map(pairs.map(({ agentId, token }) => [agentId, digest(token)]));
  }

  /** The agent ids LAB_AGENT_TOKENS lets in (known agents, besides the database's). */
  get configuredAgentIds(): string[] {
    return [...this.digests.keys()];
  }

  async verify(token: string, agentId: string): Promise<boolean> {
    const candidate = digest(token);
    const configured = this.digests.get(agentId);
    if (configured && timingSafeEqual(configured, candidate)) return true;
    const stored = await this.lookup(agentId);
    if (!stored || !/^[0-9a-f]{64}$/.test(stored)) return false;
    return timingSafeEqual(Buffer.from(stored, 'hex'), candidate);
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
