// MCP4725 writes confirmed by reading the DAC back over I2C, on the LED bench's virtual board
// (its twin has the DAC at 0x60 and the INA219 at 0x40; nothing answers at 0x61).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBenchDefinition } from '../bench-config/load-bench-definition.ts';
import {
  parseMcp4725Write,
  startVirtualBoard,
  type RunningVirtualBoard,
} from '../virtual-board/index.ts';
import { FirmataBenchDriver } from './firmata-bench-driver.ts';
import { WriteNotAppliedError } from './pin-confirmation.ts';
import { openSerialTransport } from './serial-transport.ts';

let dir = '';
let board: RunningVirtualBoard | undefined;
let driver: FirmataBenchDriver | undefined;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'remotelab-dac-'));
  const link = path.join(dir, 'led.tty');
  board = await startVirtualBoard({ bench: await loadBenchDefinition('led-iv'), linkPath: link });
  driver = new FirmataBenchDriver({
    openTransport: () => openSerialTransport(link, 57_600),
    versionQueryDelayMs: 50,
    handshakeTimeoutMs: 3000,
  });
  await driver.open();
  driver.startSampling({
    intervalMs: 10,
    analogChannels: [0],
    digitalInputs: [],
    pwmPins: [],
    digitalOutputPins: [],
    servoPins: [],
    usesI2c: true,
    i2cSetup: [],
    i2cReads: [],
  });
}, 30_000);
afterAll(async () => {
  await driver?.close();
  await board?.close();
  await rm(dir, { recursive: true, force: true });
});

/** The DAC codes the board's bus carried to `address`, and whether a device took them. */
const dacWritesTo = (address: number) =>
  board!.emulator.pinWrites
    .filter((w) => w.kind === 'i2c' && w.address === address)
    .map((w) =>
      w.kind === 'i2c' ? { accepted: w.accepted, codes: parseMcp4725Write(w.bytes) } : undefined,
    );

describe('a DAC write', () => {
  it('resolves once the MCP4725 holds the code (read back over I2C)', async () => {
    await driver!.write({ kind: 'dac', address: 0x60, code: 2000 });
    expect(dacWritesTo(0x60).at(-1)).toEqual({
      accepted: true,
      codes: [{ code: 2000, powerDown: 0, eeprom: false }],
    });
  });

  it('that no device takes is sent twice, then refused as not applied', async () => {
    const refused = driver!.write({ kind: 'dac', address: 0x61, code: 1234 });
    await expect(refused).rejects.toBeInstanceOf(WriteNotAppliedError);
    await expect(refused).rejects.toThrow(/DAC 0x61 code 1234 was not taken/);
    expect(dacWritesTo(0x61).map((w) => w?.accepted)).toEqual([false, false]);
    // The bus is fine for the DAC that is there.
    await driver!.write({ kind: 'dac', address: 0x60, code: 100 });
    expect(dacWritesTo(0x60).at(-1)?.codes).toEqual([{ code: 100, powerDown: 0, eeprom: false }]);
  });
});
