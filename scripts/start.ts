/**
 * `npm start`: the whole lab on one machine, on virtual boards. See the README.
 */
import { launchDemo } from './lib/launch-demo.ts';
import path from 'node:path';
import { accountsFile, seedDemo, type DemoAccounts } from './lib/seed-demo.ts';
import { readDemoConfig } from './lib/demo-config.ts';

/** Where each role starts: the page that shows what the role is for. */
const FIRST_STOP: Record<string, string> = {
  student: '#/labs      book a slot, practise on a twin, see past sessions',
  instructor: '#/teach     the course, its labs (the designer) and live sessions',
  technician: '#/fleet     every bench, its state, quarantine and self-test',
  admin: '#/fleet     accounts through the API at /api/docs',
};

const startedAt = Date.now();
const config = (() => {
  try {
    return readDemoConfig();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
})();
const port = config.port;
const seedWanted = config.seed === 'true';
let seeded: DemoAccounts | undefined;
let seedProblem: string | undefined;
const demo = await launchDemo({
  port,
  redisUrl: config.redisUrl,
  benches: config.benches,
  withTwins: config.twins === 'true',
  privateRedisPort: config.privateRedisPort,
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
    `Demo accounts (password: ${seeded.password}), kept in ${path.relative(process.cwd(), accountsFile(config.databaseUrl))}:`,
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
