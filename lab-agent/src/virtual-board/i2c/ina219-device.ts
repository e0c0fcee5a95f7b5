import { padRead } from './i2c-bus.ts';
import type { I2cDevice } from './i2c-bus.ts';

/** What the INA219's inputs see at a given board time (SI units). */
export interface Ina219Sense {
  /** V(IN+) - V(IN-): the drop across the shunt. */
  shuntVolts(tMs: number): number;
  /** V(IN-) to ground. */
  busVolts(tMs: number): number;
  /** A noise sample added to each shunt conversion, in LSB of the shunt register (10 uV). */
  noise(): number;
}

/** Register addresses (TI SBOS448, section 8.6, "Register Maps"). */
export const INA219 = {
  CONFIG: 0x00,
  SHUNT_VOLTAGE: 0x01,
  BUS_VOLTAGE: 0x02,
  POWER: 0x03,
  CURRENT: 0x04,
  CALIBRATION: 0x05,
  /** Power-on value of the configuration register: 32 V, PGA /8, 12-bit, shunt+bus continuous. */
  CONFIG_DEFAULT: 0x399f,
} as const;

/** Shunt voltage LSB: 10 uV. Bus voltage LSB: 4 mV. */
const SHUNT_LSB_V = 10e-6;
const BUS_LSB_V = 4e-3;

/**
 * A TI INA219 current/power monitor, register for register:
 * - a write of one byte sets the register pointer; three bytes set the pointer then write the
 *   register, MSB first (section 8.5.6); reads return the pointed register, MSB first;
 * - configuration: RST (bit 15) restores the power-on values; BRNG (bit 13) 16/32 V; PG (12-11)
 *   clamps the shunt register at +-40/80/160/320 mV; MODE (2-0): 0/4 off, 1-3 triggered (one
 *   conversion when written), 5-7 continuous; bit 0 of MODE converts the shunt, bit 1 the bus;
 * - shunt voltage: signed, 10 uV/LSB; bus voltage: value in bits 15-3 (4 mV/LSB), CNVR (bit 1)
 *   set once a conversion is done, OVF (bit 0) when current or power overflow;
 * - current = shunt x calibration / 4096 and power = current x bus / 5000 (section 8.5.1), both
 *   0 until the calibration register is programmed (power-on value 0; bit 0 is always 0).
 * Conversions are instantaneous here: a continuous mode measures at every read.
 */
export class Ina219Device implements I2cDevice {
  private pointer = 0;
  private config: number = INA219.CONFIG_DEFAULT;
  private calibration = 0;
  private shunt = 0;
  private bus = 0;
  private converted = false;

  constructor(private readonly sense: Ina219Sense) {}

  write(bytes: readonly number[], tMs: number): void {
    const [pointer, msb, lsb] = bytes;
    if (pointer === undefined) return;
    this.pointer = pointer;
    if (msb === undefined || lsb === undefined) return;
    const value = ((msb & 0xff) << 8) | (lsb & 0xff);
    if (pointer === INA219.CONFIG) {
      if (value & 0x8000) return this.reset();
      this.config = value;
      if (this.mode >= 1 && this.mode <= 3) this.measure(tMs);
    } else if (pointer === INA219.CALIBRATION) {
      this.calibration = value & 0xfffe;
    }
    // The measurement registers are read-only.
  }

  read(count: number, tMs: number): number[] {
    if (this.mode >= 5) this.measure(tMs);
    const value = this.register(this.pointer);
    return padRead([(value >> 8) & 0xff, value & 0xff], count);
  }

  private get mode(): number {
    return this.config & 0x7;
  }

  private register(pointer: number): number {
    switch (pointer) {
      case INA219.CONFIG:
        return this.config;
      case INA219.SHUNT_VOLTAGE:
        return this.shunt & 0xffff;
      case INA219.BUS_VOLTAGE: {
        const overflow = Math.abs(this.current()) > 0x7fff || this.power() > 0xffff;
        return ((this.bus << 3) | (this.converted ? 2 : 0) | (overflow ? 1 : 0)) & 0xffff;
      }
      case INA219.POWER:
        return Math.min(this.power(), 0xffff);
      case INA219.CURRENT:
        return Math.max(-0x8000, Math.min(0x7fff, this.current())) & 0xffff;
      case INA219.CALIBRATION:
        return this.calibration;
      default:
        return 0;
    }
  }

  private current(): number {
    return Math.trunc((this.shunt * this.calibration) / 4096);
  }

  private power(): number {
    return Math.trunc((Math.abs(this.current()) * this.bus) / 5000);
  }

  private measure(tMs: number): void {
    if (this.mode & 1) {
      // PG: +-40 mV x 2^PG full scale, i.e. 4000 LSB x 2^PG.
      const limit = 4000 << ((this.config >> 11) & 3);
      const lsb = this.sense.shuntVolts(tMs) / SHUNT_LSB_V + this.sense.noise();
      this.shunt = Math.max(-limit, Math.min(limit, Math.round(lsb)));
    }
    if (this.mode & 2) {
      const fullScale = this.config & 0x2000 ? 32 : 16;
      const lsb = Math.round(this.sense.busVolts(tMs) / BUS_LSB_V);
      this.bus = Math.max(0, Math.min(fullScale / BUS_LSB_V, lsb));
    }
    this.converted = true;
  }

  private reset(): void {
    this.config = INA219.CONFIG_DEFAULT;
    this.calibration = 0;
    this.converted = false;
  }
}
