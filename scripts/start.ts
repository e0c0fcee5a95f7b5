/**
 * `npm start`: the platform with virtual benches on one machine. See the README.
 */
import { launchDemo } from './lib/launch-demo.ts';
import { seedDemo } from './lib/seed-demo.ts';

const port = Number(process.env.PORT ?? 8080);
const demo = await launchDemo({
  port,
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  benches: (process.env.LAB_BENCHES ?? 'rc-filter').split(',').filter(Boolean),
  privateRedisPort: Number(process.env.LAB_DEMO_REDIS_PORT ?? 6390),
  log: (line) => process.stdout.write(`${line}\n`),
}).catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});

const lines = [`remotelab is running at ${demo.url}  (Ctrl+C to stop)`];
if (process.env.LAB_DEMO_SEED !== 'false') {
  const seeded = await seedDemo(demo.url, {}).catch((error: unknown) => {
    lines.push(`(demo accounts not created: ${(error as Error).message})`);
    return undefined;
  });
  if (seeded) {
    lines.push(
      '',
      `Demo accounts (password: ${seeded.password}), kept in data/demo-accounts.json:`,
    );
    for (const { role, email } of seeded.accounts) lines.push(`  ${role.padEnd(11)} ${email}`);
  }
}
process.stdout.write(`\n${lines.join('\n')}\n\n`);
const stop = () => void demo.stop().finally(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
