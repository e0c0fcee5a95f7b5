import { createHash, timingSafeEqual } from 'node:crypto';

/** Checks agent tokens in constant time; only their SHA-256 digests are kept in memory. */
export class AgentTokenVerifier {
  private readonly digests: Buffer[];

  constructor(tokens: readonly string[]) {
    this.digests = tokens.map(digest);
  }

  verify(token: string): boolean {
    const candidate = digest(token);
    let match = false;
    for (const known of this.digests) match = timingSafeEqual(known, candidate) || match;
    return match;
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
