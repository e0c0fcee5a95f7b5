import type firmataIo from 'firmata-io';
import { mcp4725WriteBytes } from '../devices/mcp4725.ts';
import type { PinWrite } from './bench-driver.ts';
import { WriteNotAppliedError, awaitBoardEvent } from './pin-confirmation.ts';

type Firmata = InstanceType<typeof firmataIo.Firmata>;

export type DacWrite = Extract<PinWrite, { kind: 'dac' }>;

/** Firmata's I2C pin mode, reported with a DAC read-back that does not match. */
const PIN_MODE_I2C = 0x06;

/** What an MCP4725 holds: its DAC register and power-down bits. */
export interface DacState {
  code: number;
  powerDown: number;
}

/**
 * Reads an MCP4725 back (DS22039D section 6.2, a 3-byte read: status with PD1 PD0 in bits 2..1,
 * then D11..D4 and D3..D0 << 4); undefined when no I2C reply comes within `timeoutMs`.
 */
async function readDacState(
  io: Firmata,
  address: number,
  timeoutMs: number,
): Promise<DacState | undefined> {
  // firmata-io names the reply of a read without a register after register 0.
  const event = `I2C-reply-${address}-0`;
  const ignore = () => undefined;
  const reply = await awaitBoardEvent(io, event, timeoutMs, () =>
    io.i2cReadOnce(address, 3, ignore),
  );
  // firmata-io's own once-listener stays behind when no reply came.
  io.off(event, ignore);
  const bytes = reply?.[0];
  if (!Array.isArray(bytes) || bytes.length < 3) return undefined;
  const [status, high, low] = bytes as number[];
  return { code: (high! << 4) | (low! >> 4), powerDown: (status! >> 1) & 3 };
}

/**
 * Writes the DAC, then reads it back and resolves only when it holds the code, powered up; a
 * write it did not take (lost on the wire, NAKed on the bus) is sent once more, then refused
 * with WriteNotAppliedError, as pin writes are (sendConfirmed).
 */
export async function sendDacConfirmed(
  io: Firmata,
  write: DacWrite,
  timeoutMs: number,
): Promise<void> {
  let seen: DacState | undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    io.i2cWrite(write.address, mcp4725WriteBytes(write.code));
    seen = await readDacState(io, write.address, timeoutMs);
    if (seen && seen.code === write.code && seen.powerDown === 0) return;
  }
  throw new WriteNotAppliedError(write, seen && { mode: PIN_MODE_I2C, state: seen.code });
}
