// The real StandardFirmata firmware (the prebuilt Uno image avrgirl-arduino ships, Firmata 2.4)
// on a simulated ATmega328P (avr8js) in real time behind a pseudo-terminal: the driver contract
// and the RC bench's self-test run against it as against a board on a USB port. One simulated
// board serves the whole file (it costs most of a core while it runs).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BenchController,
  FirmataBenchDriver,
  MemoryQuarantineStore,
  loadBenchDefinition,
  openSerialTransport,
  type BenchDriver,
} from '@remotelab/lab-agent';
import { benchDriverContract } from '@remotelab/lab-agent/testing';
import {
  startSimulatedUno,
  type RunningSimulatedUno,
} from './simulated-uno/start-simulated-uno.ts';

let dir = '';
let uno: RunningSimulatedUno | undefined;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'remotelab-avr-'));
  uno = await startSimulatedUno(path.join(dir, 'uno.tty'));
}, 30_000);
afterAll(async () => {
  const stats = await uno?.stop();
  // Real-time speed and lag of the simulated board over the file, for whoever reads the log.
  if (stats) console.info(`simulated Uno: ${stats}`);
  await rm(dir, { recursive: true, force: true });
});

const driverFor = (portPath: string): BenchDriver =>
  new FirmataBenchDriver({
    openTransport: () => openSerialTransport(portPath, 57_600),
    // No DTR on a pty: the board does not reset when the port opens, and answers at once once
    // booted (the first handshake waits out its ~2 s boot blink).
    versionQueryDelayMs: 100,
    handshakeTimeoutMs: 20_000,
    // The simulated board may run behind real time on a loaded machine.
    confirmTimeoutMs: 3000,
  });

describe('StandardFirmata 2.4 on a simulated Uno (avr8js)', { timeout: 60_000 }, () => {
  benchDriverContract('FirmataBenchDriver on StandardFirmata (avr8js)', {
    createDriver: () => driverFor(uno!.path),
    createUnreachableDriver: () => driverFor(path.join(dir, 'no-such-port')),
    analogChannels: [0, 1],
    pwmPin: 9,
    // PIN_STATE_QUERY: the firmware itself says what the pin drives.
    pinValueOnBoard: async (driver, pin) =>
      (await (driver as FirmataBenchDriver).queryPinState(pin, 3000)).state,
  });

  it('passes the RC bench self-test: A0 follows pin 9 through tau = 0.1 s', async () => {
    const definition = await loadBenchDefinition('rc-filter');
    const controller = new BenchController({
      definition,
      createDriver: () => driverFor(uno!.path),
      logger: pino({ level: 'silent' }),
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
      expect(result.steps.map((step) => [step.name, step.passed])).toEqual(
        definition.selfTest!.steps.map((step) => [step.name, true]),
      );
    } finally {
      await controller.stop();
    }
  });
});
