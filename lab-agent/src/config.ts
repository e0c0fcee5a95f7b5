import os from 'node:os';
import { z } from 'zod';

/** Every setting of the lab-agent, read once from the environment (LAB_*), with its default. */
export const AgentConfigSchema = z.object({
  serverUrl: z
    .url()
    .default('http://localhost:8080')
    .describe('LAB_SERVER_URL: the remotelab server the agent connects to'),
  token: z
    .string()
    .min(1, 'is required')
    .describe('LAB_AGENT_TOKEN: the token the server issued to this agent'),
  agentId: z
    .string()
    .min(1)
    .max(64)
    .default(os.hostname().slice(0, 64))
    .describe('LAB_AGENT_ID: a name for this agent, shown to technicians'),
  benches: z
    .string()
    .default('rc-filter')
    .transform((list) =>
      list
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .describe('LAB_BENCHES: comma-separated bench ids (files in LAB_BENCH_DIR) or YAML paths'),
  benchDir: z.string().optional().describe('LAB_BENCH_DIR: folder of bench YAML files'),
  benchPorts: z
    .string()
    .default('')
    .transform((list, ctx) => {
      const ports: Record<string, string> = {};
      for (const entry of list
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)) {
        const [benchId, ...rest] = entry.split('=');
        const port = rest.join('=');
        if (!benchId || !port) {
          ctx.addIssue({ code: 'custom', message: `"${entry}" is not benchId=/path/to/port` });
          return z.NEVER;
        }
        ports[benchId] = port;
      }
      return ports;
    })
    .describe('LAB_BENCH_PORTS: benchId=/dev/ttyACM0,... overriding the paths in the bench files'),
  twinBenches: z
    .string()
    .default('')
    .transform((list) =>
      list
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .describe('LAB_TWIN_BENCHES: bench ids served by virtual boards (shown as practice twins)'),
  versionQueryDelayMs: z.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .describe(
      'LAB_VERSION_QUERY_DELAY_MS: wait for the board to announce itself before asking; unset: chosen from the board type (Uno 2000 ms, USB-serial clone or unknown 3500 ms, Leonardo 200 ms)',
    ),
  silenceTimeoutMs: z.coerce
    .number()
    .int()
    .min(100)
    .default(750)
    .describe(
      'LAB_SILENCE_TIMEOUT_MS: a sampling board silent this long (and at least 3 sampling intervals) is treated as unplugged; with the 100 ms check, a board whose port does not report the loss is offline within 1 s',
    ),
  linkLossSafeMs: z.coerce
    .number()
    .int()
    .min(100)
    .default(10_000)
    .describe(
      'LAB_LINK_LOSS_SAFE_MS: once the server link has been down this long, every bench is driven to its safe state and its session ends',
    ),
  replayBufferS: z.coerce
    .number()
    .min(1)
    .max(3600)
    .default(120)
    .describe(
      'LAB_REPLAY_BUFFER_S: seconds of frames kept per bench until the server has stored them, replayed after a reconnect; below 20 s the agent keeps 20 s (a 10 s server outage plus the chunk not yet committed and the reconnect); 120 s at 1 kHz x 6 channels costs about 11 MB of heap per bench',
    ),
  stateFile: z
    .string()
    .min(1)
    .default('data/lab-agent-state.json')
    .describe(
      'LAB_STATE_FILE: where the agent keeps what must survive a restart (quarantined benches)',
    ),
  healthPort: z.coerce
    .number()
    .int()
    .min(0)
    .max(65535)
    .optional()
    .describe(
      'LAB_HEALTH_PORT: serve GET /health on 127.0.0.1 at this port (200 while linked to the server, with each bench status; off when unset)',
    ),
  logLevel: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace'])
    .default('info')
    .describe('LAB_LOG_LEVEL'),
});

export type AgentConfig = z.infer<typeof AgentConfigSchema>;

const ENV_NAMES: Record<keyof AgentConfig, string> = {
  serverUrl: 'LAB_SERVER_URL',
  token: 'LAB_AGENT_TOKEN',
  agentId: 'LAB_AGENT_ID',
  benches: 'LAB_BENCHES',
  benchDir: 'LAB_BENCH_DIR',
  benchPorts: 'LAB_BENCH_PORTS',
  twinBenches: 'LAB_TWIN_BENCHES',
  versionQueryDelayMs: 'LAB_VERSION_QUERY_DELAY_MS',
  silenceTimeoutMs: 'LAB_SILENCE_TIMEOUT_MS',
  linkLossSafeMs: 'LAB_LINK_LOSS_SAFE_MS',
  replayBufferS: 'LAB_REPLAY_BUFFER_S',
  stateFile: 'LAB_STATE_FILE',
  healthPort: 'LAB_HEALTH_PORT',
  logLevel: 'LAB_LOG_LEVEL',
};

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads the config from `env`; a bad value throws a ConfigError naming the variable. */
export function readAgentConfig(env: NodeJS.ProcessEnv = process.env): Readonly<AgentConfig> {
  const raw: Record<string, string | undefined> = {};
  for (const [key, name] of Object.entries(ENV_NAMES)) {
    const value = env[name];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const result = AgentConfigSchema.safeParse(raw);
  if (!result.success) {
    const messages = result.error.issues.map((issue) => {
      const key = issue.path[0] as keyof AgentConfig | undefined;
      return `${key ? ENV_NAMES[key] : 'config'} ${issue.message}`;
    });
    throw new ConfigError(`Invalid lab-agent configuration: ${messages.join('; ')}.`);
  }
  return Object.freeze(result.data);
}
