import os from 'node:os';
import { z } from 'zod';
import { ConfigError, defineConfig, type ConfigOf } from '@remotelab/protocol';

/** Every setting of the lab-agent, read once from the environment (LAB_*), with its default. */
const fields = {
  serverUrl: {
    env: 'LAB_SERVER_URL',
    schema: z.url().default('http://localhost:8080'),
    doc: 'the remotelab server the agent connects to',
  },
  token: {
    env: 'LAB_AGENT_TOKEN',
    schema: z.string().min(1, 'is required'),
    doc: 'the token the server issued to this agent',
  },
  agentId: {
    env: 'LAB_AGENT_ID',
    schema: z.string().min(1).max(64).default(os.hostname().slice(0, 64)),
    doc: 'a name for this agent, shown to technicians',
  },
  benches: {
    env: 'LAB_BENCHES',
    schema: z
      .string()
      .default('rc-filter')
      .transform((list) =>
        list
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    doc: 'comma-separated bench ids (files in LAB_BENCH_DIR) or YAML paths',
  },
  benchDir: {
    env: 'LAB_BENCH_DIR',
    schema: z.string().optional(),
    doc: 'folder of bench YAML files',
  },
  benchPorts: {
    env: 'LAB_BENCH_PORTS',
    schema: z
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
      }),
    doc: 'benchId=/dev/ttyACM0,... overriding the paths in the bench files',
  },
  twinBenches: {
    env: 'LAB_TWIN_BENCHES',
    schema: z
      .string()
      .default('')
      .transform((list) =>
        list
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    doc: 'bench ids served by virtual boards (shown as practice twins)',
  },
  versionQueryDelayMs: {
    env: 'LAB_VERSION_QUERY_DELAY_MS',
    schema: z.coerce.number().int().min(0).optional(),
    doc: 'wait for the board to announce itself before asking; unset: chosen from the board type (Uno 2000 ms, USB-serial clone or unknown 3500 ms, Leonardo 200 ms)',
  },
  silenceTimeoutMs: {
    env: 'LAB_SILENCE_TIMEOUT_MS',
    schema: z.coerce.number().int().min(100).default(750),
    doc: 'a sampling board silent this long (and at least 3 sampling intervals) is treated as unplugged; with the 100 ms check, a board whose port does not report the loss is offline within 1 s',
  },
  linkLossSafeMs: {
    env: 'LAB_LINK_LOSS_SAFE_MS',
    schema: z.coerce.number().int().min(100).default(10_000),
    doc: 'once the server link has been down this long, every bench is driven to its safe state and its session ends',
  },
  replayBufferS: {
    env: 'LAB_REPLAY_BUFFER_S',
    schema: z.coerce.number().min(1).max(3600).default(120),
    doc: 'seconds of frames kept per bench until the server has stored them, replayed after a reconnect; below 20 s the agent keeps 20 s (a 10 s server outage plus the chunk not yet committed and the reconnect); 120 s at 1 kHz x 6 channels costs about 11 MB of heap per bench',
  },
  stateFile: {
    env: 'LAB_STATE_FILE',
    schema: z.string().min(1).default('data/lab-agent-state.json'),
    doc: 'where the agent keeps what must survive a restart (quarantined benches)',
  },
  healthPort: {
    env: 'LAB_HEALTH_PORT',
    schema: z.coerce.number().int().min(0).max(65535).optional(),
    doc: 'serve GET /health on 127.0.0.1 at this port (200 while linked to the server, with each bench status; off when unset)',
  },
  logLevel: {
    env: 'LAB_LOG_LEVEL',
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
    doc: 'pino log level',
  },
} as const;

const agentConfig = defineConfig('lab-agent', fields);

export type AgentConfig = ConfigOf<typeof fields>;
export { ConfigError };

/**
 * `npm run calibrate` drives one board without a server: the agent's own fields for the bench
 * folder, the serial ports and the handshake delay, read the same way.
 */
const calibrationConfig = defineConfig('calibration', {
  benchDir: fields.benchDir,
  benchPorts: fields.benchPorts,
  versionQueryDelayMs: fields.versionQueryDelayMs,
});
/** Tools without a server link (the virtual board) read only the log level, the same way. */
const toolConfig = defineConfig('tool', { logLevel: fields.logLevel });
export const readToolLogLevel = (env: Readonly<Record<string, string | undefined>> = process.env) =>
  toolConfig.read(env).logLevel;

export const readCalibrationConfig = (
  env: Readonly<Record<string, string | undefined>> = process.env,
) => calibrationConfig.read(env);

/** Reads the config from `env`; a bad value throws a ConfigError naming the variable. */
export function readAgentConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
  defaults: Partial<Record<keyof typeof fields, string>> = {},
): Readonly<AgentConfig> {
  return agentConfig.read(env, defaults);
}
