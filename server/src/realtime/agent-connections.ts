/**
 * One live `/agent` connection per agent id. A second connection claiming an id that is connected
 * is refused, not swapped in: replacing would let whoever holds a copied token (or a second lab PC
 * configured with the same id) push the working agent off its benches, and two PCs would take
 * turns. The one connected keeps its benches; the newcomer is told AGENT_ALREADY_CONNECTED and
 * retries. A connection that died without closing is freed by socket.io's heartbeat (about 20 s).
 * Claims are taken synchronously, so two handshakes can never both win.
 */
export class AgentConnections {
  private readonly live = new Map<string, string>();

  /** Takes `agentId` for `socketId`; false when another socket holds it. */
  claim(agentId: string, socketId: string): boolean {
    const holder = this.live.get(agentId);
    if (holder !== undefined && holder !== socketId) return false;
    this.live.set(agentId, socketId);
    return true;
  }

  /** Frees `agentId` if `socketId` holds it (a stale release changes nothing). */
  release(agentId: string, socketId: string): void {
    if (this.live.get(agentId) === socketId) this.live.delete(agentId);
  }

  holder(agentId: string): string | undefined {
    return this.live.get(agentId);
  }
}
