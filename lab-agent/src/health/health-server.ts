import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AgentBenchState } from '@remotelab/protocol';

/** What the agent tells a container healthcheck or a supervisor. */
export interface AgentHealth {
  /** True while the agent is connected to the server and announced. */
  linked: boolean;
  benches: { benchId: string; status: AgentBenchState['status'] }[];
}

export interface HealthSource {
  readonly link: { readonly connected: boolean };
  readonly benches: readonly { state(): AgentBenchState }[];
}

export interface RunningHealthServer {
  port: number;
  close(): Promise<void>;
}

/** The agent's health, read from its link and its bench controllers. */
function agentHealth(source: HealthSource): AgentHealth {
  return {
    linked: source.link.connected,
    benches: source.benches.map((bench) => {
      const { benchId, status } = bench.state();
      return { benchId, status };
    }),
  };
}

/**
 * GET /health on `host:port`: 200 with the health while the server link is up, 503 otherwise.
 * A bench offline does not make the agent unhealthy: restarting the agent does not fix a board
 * that is unplugged, and the server already shows the bench as offline.
 */
export async function startHealthServer(
  source: HealthSource,
  port: number,
  host = '127.0.0.1',
): Promise<RunningHealthServer> {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== '/health') {
      res.writeHead(404).end();
      return;
    }
    const health = agentHealth(source);
    res
      .writeHead(health.linked ? 200 : 503, { 'content-type': 'application/json' })
      .end(JSON.stringify(health));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
