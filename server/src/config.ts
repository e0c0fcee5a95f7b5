import { z } from 'zod';
import { AgentIdSchema, ConfigError, defineConfig, type ConfigOf } from '@remotelab/protocol';
import {
  FrameAncestorsSchema,
  HostListSchema,
  OriginListSchema,
  TrustProxySchema,
} from './config-network.ts';

/**
 * `agentId:token,agentId:token`: a token lets in the one agent id it is paired with. A bare token
 * (the old form), an id listed twice or a token shared by two ids is refused, so a token never
 * speaks for more than one agent. Messages name the entry, never the token.
 */
const agentTokenPairs = z
  .string()
  .default('')
  .transform((text, ctx) => {
    const pairs: Array<{ agentId: string; token: string }> = [];
    const entries = text
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    for (const [index, entry] of entries.entries()) {
      const colon = entry.indexOf(':');
      const agentId = colon > 0 ? entry.slice(0, colon) : '';
      const token = colon > 0 ? entry.slice(colon + 1) : '';
      const problem = !AgentIdSchema.safeParse(agentId).success
        ? 'is not agentId:token (the agent id: letters, digits, dot, dash, underscore)'
        : token.length < 8
          ? 'has a token shorter than 8 characters'
          : pairs.some((pair) => pair.agentId === agentId)
            ? `names agent "${agentId}" a second time`
            : pairs.some((pair) => pair.token === token)
              ? 'reuses the token of another agent id'
              : undefined;
      if (problem) {
        ctx.addIssue({ code: 'custom', message: `entry ${index + 1} ${problem}` });
        return z.NEVER;
      }
      pairs.push({ agentId, token });
    }
    return pairs;
  });

/** Every setting of the server, read once from the environment, with its default and meaning. */
const fields = {
  port: {
    env: 'PORT',
    schema: z.coerce.number().int().min(0).max(65535).default(8080),
    doc: 'HTTP port for the page, the REST API and socket.io (0 picks a free one)',
  },
  host: { env: 'HOST', schema: z.string().default('0.0.0.0'), doc: 'interface to listen on' },
  redisUrl: {
    env: 'REDIS_URL',
    schema: z.string().default('redis://127.0.0.1:6379'),
    doc: 'Redis for BullMQ (required)',
  },
  redisPrefix: {
    env: 'LAB_REDIS_PREFIX',
    schema: z
      .string()
      .regex(/^[\w:-]+$/)
      .default('remotelab'),
    doc: 'prefix of every Redis key, so several platforms can share one Redis',
  },
  agentTokens: {
    env: 'LAB_AGENT_TOKENS',
    schema: agentTokenPairs,
    doc: 'comma-separated agentId:token pairs: each token lets one lab-agent id in (tokens issued by an admin from the API work as well); a token may not serve two ids',
  },
  autoEnrollBenches: {
    env: 'LAB_AUTO_ENROLL_BENCHES',
    schema: z
      .enum(['true', 'false', '1', '0'])
      .default('false')
      .transform((v) => v === 'true' || v === '1'),
    doc: "true: a bench no agent has announced before is enrolled to the first agent that announces it (the demo and tests); false (deployment): it waits for a technician's approval. A bench enrolled to one agent is refused to the others either way",
  },
  webDist: {
    env: 'LAB_WEB_DIST',
    schema: z.string().optional(),
    doc: 'folder of the built web client (default web/dist of this checkout)',
  },
  pingIntervalMs: {
    env: 'LAB_PING_INTERVAL_MS',
    schema: z.coerce.number().int().min(500).default(2000),
    doc: 'how often socket.io pings each browser and agent (a silent dead link is noticed within interval + timeout)',
  },
  pingTimeoutMs: {
    env: 'LAB_PING_TIMEOUT_MS',
    schema: z.coerce.number().int().min(500).default(5000),
    doc: "how long a ping may wait for its answer: above a slow link's queueing delay (~2.5 s at 32 kbit/s, 800 ms RTT), so a hang of a few seconds does not cost a reconnection",
  },
  commandTimeoutMs: {
    env: 'LAB_COMMAND_TIMEOUT_MS',
    schema: z.coerce.number().int().min(100).default(3000),
    doc: 'how long a command waits for the agent before TIMEOUT',
  },
  databaseUrl: {
    env: 'DATABASE_URL',
    schema: z
      .string()
      .regex(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, 'use sqlite:<file> or postgres://user@host/db')
      .default('sqlite:./data/remotelab.db'),
    doc: 'the SQL database: sqlite:<file> (created with its folder) or postgres://user:password@host:5432/db',
  },
  publicUrl: {
    env: 'LAB_PUBLIC_URL',
    schema: z.url().optional(),
    doc: 'the address people open, used in the links of emails (password reset, invitations); default http://localhost:<PORT>',
  },
  sessionTtlHours: {
    env: 'LAB_SESSION_TTL_HOURS',
    schema: z.coerce
      .number()
      .min(0.1)
      .max(24 * 30)
      .default(12),
    doc: 'how long a sign-in lasts before the user must sign in again',
  },
  trustProxy: {
    env: 'LAB_TRUST_PROXY',
    schema: TrustProxySchema,
    doc: 'behind reverse proxies: their number (e.g. 1) or their addresses/CIDR ranges (e.g. 127.0.0.1,10.0.0.0/8); the client address and https are then read from X-Forwarded-* as those proxies wrote them. false (default): no proxy. "true" is refused: it would trust addresses the client writes',
  },
  allowedOrigins: {
    env: 'LAB_ALLOWED_ORIGINS',
    schema: OriginListSchema,
    doc: "comma-separated web origins, besides LAB_PUBLIC_URL's, whose pages may open a socket.io connection (e.g. https://lab.example.edu while LAB_PUBLIC_URL names another host)",
  },
  mailOutbox: {
    env: 'LAB_MAIL_OUTBOX',
    schema: z.string().optional(),
    doc: 'without SMTP: a folder where each mail (reset and invitation links included) is written to its own file, readable by the server user only; unset, mail is only noted in the log, its link withheld',
  },
  frameAncestors: {
    env: 'LAB_FRAME_ANCESTORS',
    schema: FrameAncestorsSchema,
    doc: "who may show the app in a frame (CSP frame-ancestors): 'self' (default), 'none', or origins such as https://moodle.example.edu",
  },
  linkHosts: {
    env: 'LAB_LINK_HOSTS',
    schema: HostListSchema,
    doc: 'comma-separated host names that links in lab instructions may lead to (links to this site are always allowed)',
  },
  imageHosts: {
    env: 'LAB_IMAGE_HOSTS',
    schema: HostListSchema,
    doc: 'comma-separated host names that images in lab instructions may load from over https (this site and pasted images are always allowed)',
  },
  scryptLog2N: {
    env: 'LAB_PASSWORD_COST',
    schema: z.coerce.number().int().min(10).max(20).default(15),
    doc: 'password hashing cost (scrypt N = 2^value, r = 8, p = 3); lower only for tests',
  },
  schedulerReconcileMs: {
    env: 'LAB_SCHEDULER_RECONCILE_MS',
    schema: z.coerce.number().int().min(100).max(60_000).default(5_000),
    doc: 'how often the scheduler rebuilds its Redis jobs from SQL and hands free benches out (ms); after a Redis flush or restart, jobs are back within this',
  },
  commandsNeedSession: {
    env: 'LAB_COMMANDS_NEED_SESSION',
    schema: z
      .enum(['true', 'false', '1', '0'])
      .default('true')
      .transform((v) => v === 'true' || v === '1'),
    doc: 'true: a bench takes commands only from the owner of the session running on it (NOT_SESSION_OWNER otherwise); false only for demos and tests without sign-in',
  },
  logLevel: {
    env: 'LAB_LOG_LEVEL',
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    doc: 'pino log level',
  },
} as const;

const serverConfig = defineConfig('server', fields);

export type ServerConfig = Omit<ConfigOf<typeof fields>, 'publicUrl'> & {
  /** Always set: LAB_PUBLIC_URL, or this machine at PORT. */
  publicUrl: string;
};
export { ConfigError };

/** The documentation of every variable, for `--help` and the README. */
export const describeServerConfig = () => serverConfig.describe();

/**
 * Reads the server's configuration from `env`. `defaults` stand in for unset variables (a test's
 * port 0, the demo's loopback host) and pass through the same schemas.
 */
export function readServerConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
  defaults: Partial<Record<keyof typeof fields, string>> = {},
): Readonly<ServerConfig> {
  const config = serverConfig.read(env, defaults);
  // Links in mails follow PORT unless the address people open is given.
  return Object.freeze({
    ...config,
    publicUrl: config.publicUrl ?? `http://localhost:${String(config.port)}`,
  });
}
