/**
 * `npm start`: the whole lab on one machine, on virtual boards. See the README.
 */
import { launchDemo } from './lib/launch-demo.ts';
import path from 'node:path';
import { accountsFile, seedDemo, type DemoAccounts } from './lib/seed-demo.ts';

/** The four benches the project ships (firmware-config/benches), each with its practice twin. */
const ALL_BENCHES = 'rc-filter,led-iv,voltage-divider,opamp-amplifier';

/** Where each role starts: the page that shows what the role is for. */
const FIRST_STOP: Record<string, string> = {
  student: '#/labs      book a slot, practise on a twin, see past sessions',
  instructor: '#/teach     the course, its labs (the designer) and live sessions',
  technician: '#/fleet     every bench, its state, quarantine and self-test',
  admin: '#/fleet     accounts through the API at /api/docs',
};

const startedAt = Date.now();
const port = Number(process.env.PORT ?? 8080);
const seedWanted = process.env.LAB_DEMO_SEED !== 'false';
let seeded: DemoAccounts | undefined;
let seedProblem: string | undefined;
const demo = await launchDemo({
  port,
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  benches: (process.env.LAB_BENCHES ?? ALL_BENCHES).split(',').filter(Boolean),
  withTwins: process.env.LAB_DEMO_TWINS !== 'false',
  privateRedisPort: Number(process.env.LAB_DEMO_REDIS_PORT ?? 6390),
  log: (line) => process.stdout.write(`${line}\n`),
  // The seed runs before the port opens: the accounts printed below work from the first request.
  beforeOpen: async (internalUrl) => {
    if (!seedWanted) return;
    seeded = await seedDemo(internalUrl, {}, (line) => process.stdout.write(`${line}\n`)).catch(
      (error: unknown) => {
        seedProblem = (error as Error).message;
        return undefined;
      },
    );
  },
}).catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});

const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
const lines = [
  `remotelab is running at ${demo.url}  (ready in ${seconds} s; Ctrl+C to stop)`,
  `Benches on virtual boards: ${demo.benchIds.join(', ')}`,
];
if (seedProblem) lines.push(`(demo accounts not created: ${seedProblem})`);
if (seeded) {
  lines.push(
    '',
    `Demo accounts (password: ${seeded.password}), kept in ${path.relative(process.cwd(), accountsFile(process.env.DATABASE_URL))}:`,
  );
  for (const { role, email } of seeded.accounts) {
    const stop = FIRST_STOP[role];
    lines.push(
      `  ${role.padEnd(11)} ${email.padEnd(27)} ${stop ? `then ${demo.url}/${stop}` : ''}`,
    );
  }
}
process.stdout.write(`\n${lines.join('\n')}\n\n`);
const stop = () => void demo.stop().finally(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
