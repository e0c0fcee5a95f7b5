import type { NodeDrive } from '../circuits/node-drive.ts';
import { padRead } from './i2c-bus.ts';
import type { I2cDevice } from './i2c-bus.ts';

/** One DAC update carried by a write transaction (Microchip DS22039D, section 6). */
export interface Mcp4725Update {
  /** 12-bit DAC code. */
  code: number;
  /** Power-down bits PD1 PD0: 0 normal, 1 = 1 kOhm, 2 = 100 kOhm, 3 = 500 kOhm to ground. */
  powerDown: number;
  /** True for "Write DAC Register and EEPROM" (C2 C1 C0 = 0 1 1). */
  eeprom: boolean;
}

/**
 * Decodes the DAC updates of a write transaction, as the chip parses it:
 * - Fast Mode (C2 C1 = 0 0, section 6.1.1): two bytes `0 0 PD1 PD0 D11 D10 D9 D8`, `D7..D0`,
 *   repeatable within one transaction;
 * - Write DAC Register (C2 C1 C0 = 0 1 0, section 6.1.2) and Write DAC Register and EEPROM
 *   (0 1 1, section 6.1.3): three bytes `C2 C1 C0 x x PD1 PD0 x`, `D11..D4`, `D3 D2 D1 D0 x x x x`;
 * - C2 = 1 is reserved: the chip ignores the rest; an incomplete command changes nothing.
 * Exported so safety tests can read the codes a host wrote from the pin-write log.
 */
export function parseMcp4725Write(bytes: readonly number[]): Mcp4725Update[] {
  const updates: Mcp4725Update[] = [];
  let i = 0;
  while (i < bytes.length) {
    const first = bytes[i] ?? 0;
    if ((first & 0xc0) === 0x00) {
      const second = bytes[i + 1];
      if (second === undefined) break;
      updates.push({
        code: ((first & 0x0f) << 8) | second,
        powerDown: (first >> 4) & 3,
        eeprom: false,
      });
      i += 2;
    } else if ((first & 0xc0) === 0x40) {
      const high = bytes[i + 1];
      const low = bytes[i + 2];
      if (high === undefined || low === undefined) break;
      const eeprom = (first & 0x20) !== 0;
      updates.push({ code: (high << 4) | (low >> 4), powerDown: (first >> 1) & 3, eeprom });
      i += 3;
    } else break;
  }
  return updates;
}

/** Output resistance to ground in each power-down mode (section 5.2). */
const POWER_DOWN_OHMS = [0, 1_000, 100_000, 500_000] as const;

/**
 * An MCP4725 12-bit DAC. Vout = code / 4095 x vref: the datasheet's transfer function divides by
 * 4096, but the agent maps volts to codes with 4095 (so full scale is exactly vref), and the twin
 * inverts the agent's mapping; the difference is 0.02 % of full scale, under 1 LSB.
 */
export class Mcp4725Device implements I2cDevice {
  private code = 0;
  private powerDown = 0;
  // The factory EEPROM holds code 0, normal mode: the output powers up at 0 V.
  private eepromCode = 0;
  private eepromPowerDown = 0;

  constructor(private readonly vref: number) {}

  write(bytes: readonly number[]): void {
    for (const update of parseMcp4725Write(bytes)) {
      this.code = update.code;
      this.powerDown = update.powerDown;
      if (update.eeprom) {
        this.eepromCode = update.code;
        this.eepromPowerDown = update.powerDown;
      }
    }
  }

  /**
   * Read (section 6.2): status (RDY = 1, POR = 1, PD1 PD0 in bits 2..1), the DAC register
   * (D11..D4, D3..D0 << 4), then the EEPROM (x PD1 PD0 x D11..D8, D7..D0).
   */
  read(count: number): number[] {
    const status = 0xc0 | (this.powerDown << 1);
    return padRead(
      [
        status,
        this.code >> 4,
        (this.code & 0x0f) << 4,
        (this.eepromPowerDown << 5) | (this.eepromCode >> 8),
        this.eepromCode & 0xff,
      ],
      count,
    );
  }

  /** What the output pin puts on its circuit node now. */
  drive(): NodeDrive {
    if (this.powerDown !== 0) {
      return { kind: 'load', ohms: POWER_DOWN_OHMS[this.powerDown] ?? 500_000, volts: 0 };
    }
    return { kind: 'source', volts: (this.code / 4095) * this.vref };
  }

  /** The DAC register (for tests and diagnostics). */
  get dacCode(): number {
    return this.code;
  }
}
