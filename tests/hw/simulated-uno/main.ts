// A simulated Uno running the real StandardFirmata image behind a pseudo-terminal, in its own
// process so its CPU cost never stalls the test that talks to it:
//   tsx --conditions=@remotelab/source tests/hw/simulated-uno/main.ts --link /tmp/uno.tty \
//     [--front-end rc-filter|voltage-divider|opamp-amplifier|led-iv|clock]
//   (a bench's analog and I2C front end, or inputs reading the wall clock for benchmarks)
// Prints one JSON line {"ready": "<path>"} on stdout once the port exists; SIGTERM, or the end
// of its stdin (the parent gone), stops it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openPtyLink } from '@remotelab/lab-agent/virtual-board';
import { SimulatedUno } from './avr-uno.ts';
import { BENCH_FRONT_ENDS, clockFrontEnd, isSimulatedBench } from './front-ends.ts';
import { RealTimeRunner } from './real-time-runner.ts';

/** The prebuilt StandardFirmata for the Uno that avrgirl-arduino ships (reports Firmata 2.4). */
export function standardFirmataHex(): string {
  const require = createRequire(import.meta.url);
  const root = path.dirname(require.resolve('avrgirl-arduino/package.json'));
  return readFileSync(path.join(root, 'junk/hex/uno/StandardFirmata.cpp.hex'), 'utf8');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { link: { type: 'string' }, 'front-end': { type: 'string', default: 'rc-filter' } },
    strict: true,
  });
  if (!values.link) throw new Error('--link <path> is required');
  const frontEndName = values['front-end'];
  if (frontEndName !== 'clock' && !isSimulatedBench(frontEndName)) {
    throw new Error(
      `--front-end ${frontEndName}: one of clock, ${Object.keys(BENCH_FRONT_ENDS).join(', ')}`,
    );
  }
  const uno = new SimulatedUno({
    hex: standardFirmataHex(),
    frontEnd: isSimulatedBench(frontEndName) ? BENCH_FRONT_ENDS[frontEndName]() : clockFrontEnd(),
    clock: () => performance.now() / 1000,
  });
  const link = await openPtyLink({ linkPath: values.link });
  const runner = new RealTimeRunner(uno, (bytes) => link.write(bytes));
  link.on('data', (bytes) => uno.receive(bytes));
  link.on('exit', () => process.exit(1));
  runner.start();
  process.stdout.write(`${JSON.stringify({ ready: link.path })}\n`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    runner.stop();
    process.stderr.write(`${JSON.stringify(runner.stats())}\n`);
    await link.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  // The parent holds our stdin: when it dies (a test process killed on a timeout, a crashed
  // benchmark), the pipe ends and the board goes with it instead of running on, orphaned, at
  // most of a core.
  process.stdin.on('end', () => void stop());
  process.stdin.resume();
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  });
}
