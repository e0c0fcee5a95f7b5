// The BenchDriver contract on a real board running StandardFirmata (or ConfigurableFirmata).
// Runs only when LAB_TEST_PORT names its serial port; skipped (not failed) everywhere else.
//   LAB_TEST_PORT=/dev/ttyACM0 [LAB_TEST_BAUD=57600] [LAB_TEST_PWM_PIN=9] \
//     npx vitest run --project integration tests/hw
// Nothing may be wired to the PWM pin that a 30 % duty could harm; A0 and A1 are only read.
import { describe } from 'vitest';
import { FirmataBenchDriver, openSerialTransport, type BenchDriver } from '@remotelab/lab-agent';
import { benchDriverContract } from '@remotelab/lab-agent/testing';

const port = process.env.LAB_TEST_PORT;
const baud = Number(process.env.LAB_TEST_BAUD ?? 57_600);
const pwmPin = Number(process.env.LAB_TEST_PWM_PIN ?? 9);

const driverFor = (path: string): BenchDriver =>
  new FirmataBenchDriver({
    openTransport: () => openSerialTransport(path, baud),
    // Opening the port resets an Uno: ~1 s bootloader + ~2 s version blink before it answers.
    versionQueryDelayMs: 3500,
    handshakeTimeoutMs: 10_000,
  });

describe.runIf(port !== undefined)('on the board at LAB_TEST_PORT', { timeout: 30_000 }, () => {
  benchDriverContract(`FirmataBenchDriver on ${port}`, {
    createDriver: () => driverFor(port!),
    createUnreachableDriver: () => driverFor('/dev/remotelab-no-such-port'),
    analogChannels: [0, 1],
    pwmPin,
    // PIN_STATE_QUERY: the board itself says what the pin drives.
    pinValueOnBoard: async (driver, pin) =>
      (await (driver as FirmataBenchDriver).queryPinState(pin)).state,
  });
});
