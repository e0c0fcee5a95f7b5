// The real StandardFirmata firmware (the prebuilt Uno image avrgirl-arduino ships, Firmata 2.4)
// on a simulated ATmega328P (avr8js) in real time behind a pseudo-terminal: the driver contract
// and the four benches' self-tests run against it as against a board on a USB port. One
// simulated board runs at a time (each costs most of a core while it runs): the contract's on
// the RC front end, then one per bench with that bench's front end (analog and I2C).
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BenchController,
  DEFAULT_BENCH_DIR,
  FirmataBenchDriver,
  MemoryQuarantineStore,
  loadBenchDefinition,
  openSerialTransport,
  type BenchDriver,
  type FirmataTransport,
} from '@remotelab/lab-agent';
import { benchDriverContract } from '@remotelab/lab-agent/testing';
import { BENCH_FRONT_ENDS, type SimulatedBench } from './simulated-uno/front-ends.ts';
import {
  startSimulatedUno,
  type RunningSimulatedUno,
} from './simulated-uno/start-simulated-uno.ts';

let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'remotelab-avr-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * Host bytes lost on the wire while set: the harness drops them on their way into the port, so
 * the firmware never sees them (the simulated board runs in another process).
 */
let loseHostBytes: ((byte: number) => boolean) | undefined;

async function lossyTransport(portPath: string): Promise<FirmataTransport> {
  const transport = await openSerialTransport(portPath, 57_600);
  const write = transport.write.bind(transport);
  transport.write = (data, callback) => {
    const lose = loseHostBytes;
    return write(lose ? [...data].filter((byte) => !lose(byte)) : data, callback);
  };
  return transport;
}

const driverFor = (portPath: string): BenchDriver =>
  new FirmataBenchDriver({
    openTransport: () => lossyTransport(portPath),
    // No DTR on a pty: the board does not reset when the port opens, and answers at once once
    // booted (the first handshake waits out its ~2 s boot blink).
    versionQueryDelayMs: 100,
    handshakeTimeoutMs: 20_000,
    // The simulated board may run behind real time on a loaded machine.
    confirmTimeoutMs: 3000,
  });

/** Starts the board of `bench` for the enclosing describe, and stops it after. */
function simulatedUnoFor(bench: SimulatedBench) {
  const board: { uno?: RunningSimulatedUno; path: string } = { path: '' };
  beforeAll(async () => {
    board.path = path.join(dir, `${bench}.tty`);
    board.uno = await startSimulatedUno(board.path, bench);
  }, 30_000);
  afterAll(async () => {
    const stats = await board.uno?.stop();
    // Real-time speed and lag of the simulated board, for whoever reads the log.
    if (stats) console.info(`simulated Uno (${bench}): ${stats}`);
  });
  return board;
}

describe('StandardFirmata 2.4 on a simulated Uno (avr8js)', { timeout: 60_000 }, () => {
  describe('the driver contract', () => {
    const board = simulatedUnoFor('rc-filter');
    benchDriverContract('FirmataBenchDriver on StandardFirmata (avr8js)', {
      createDriver: () => driverFor(board.path),
      createUnreachableDriver: () => driverFor(path.join(dir, 'no-such-port')),
      analogChannels: [0, 1],
      pwmPin: 9,
      // PIN_STATE_QUERY: the firmware itself says what the pin drives.
      pinValueOnBoard: async (driver, pin) =>
        (await (driver as FirmataBenchDriver).queryPinState(pin, 3000)).state,
      loseHostBytes: (lose) => {
        loseHostBytes = lose;
      },
      // The cable pulled: the board's process and its pseudo-terminal go away.
      unplug: async () => {
        await board.uno?.stop();
        board.uno = undefined;
      },
      // Plugged back in: a board that boots again at the same port.
      replug: async () => {
        board.uno = await startSimulatedUno(board.path, 'rc-filter');
      },
    });
  });

  const selfTestOf = (bench: SimulatedBench, what: string) =>
    describe(`the ${bench} bench`, () => {
      const board = simulatedUnoFor(bench);
      it(`passes its self-test: ${what}`, async () => {
        const definition = await loadBenchDefinition(bench);
        const controller = new BenchController({
          definition,
          createDriver: () => driverFor(board.path),
          logger: pino({ level: process.env.HW_LOG ?? 'silent' }),
          silenceTimeoutMs: 3000,
          quarantines: new MemoryQuarantineStore(),
        });
        const online = new Promise<void>((resolve) =>
          controller.on('state', (state) => state.status === 'online' && resolve()),
        );
        controller.start();
        await online;
        try {
          const result = await controller.runSelfTest('on-demand');
          expect(result.steps.map((step) => step.name)).toEqual(
            definition.selfTest!.steps.map((step) => step.name),
          );
          // A failed step shows what each of its checks measured.
          expect(result.steps.filter((step) => !step.passed)).toEqual([]);
        } finally {
          await controller.stop();
        }
      });
    });

  selfTestOf('rc-filter', 'A0 follows pin 9 through tau = 0.1 s');
  selfTestOf('voltage-divider', 'the relays on pins 2, 4 and 8 select the divider ratio');
  selfTestOf('opamp-amplifier', 'gain 2 on the filtered PWM of pin 10, then the rail');
  selfTestOf('led-iv', 'the MCP4725 over I2C lights the LED; the INA219 reads 10 mA');

  it('simulates the front end of every bench in firmware-config', async () => {
    const benches = (await readdir(DEFAULT_BENCH_DIR)).map((file) => file.replace(/\.yaml$/, ''));
    expect(Object.keys(BENCH_FRONT_ENDS).sort()).toEqual(benches.sort());
  });
});
