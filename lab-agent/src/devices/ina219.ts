import type { Ina219Input } from '@remotelab/protocol';

/** INA219 registers (TI SBOS448G, section 8.6). */
export const INA219_REGISTER = {
  CONFIG: 0x00,
  SHUNT_VOLTAGE: 0x01,
  BUS_VOLTAGE: 0x02,
  CURRENT: 0x04,
  CALIBRATION: 0x05,
} as const;

/**
 * Configuration written at start: 32 V bus range, PGA /8 (+-320 mV shunt), 12-bit bus and shunt
 * conversions, shunt and bus continuous: the power-on default (0x399F), written again so a sensor
 * left in another mode by a previous program reads the same.
 */
const INA219_CONFIG = 0x399f;
/** Shunt voltage register LSB: 10 uV, two's complement. */
const SHUNT_LSB_V = 10e-6;
/** Bus voltage register: bits 15..3 carry the value, LSB 4 mV. */
const BUS_LSB_V = 4e-3;

/** The bytes of an I2C write that sets the configuration register. */
export function ina219ConfigBytes(): number[] {
  return [INA219_REGISTER.CONFIG, INA219_CONFIG >> 8, INA219_CONFIG & 0xff];
}

/** What to read for one input and how to turn the two big-endian bytes into its unit. */
export interface Ina219ReadPlan {
  register: number;
  decode(bytes: readonly number[]): number;
}

/** Multipliers from SI base units to the units a bench file may use. */
const CURRENT_UNITS: Record<string, number> = { A: 1, mA: 1e3, uA: 1e6, µA: 1e6 };
const VOLTAGE_UNITS: Record<string, number> = { V: 1, mV: 1e3, uV: 1e6, µV: 1e6 };

/**
 * Current is computed from the shunt voltage and `shuntOhm` (I = V / R) rather than read from the
 * current register, so the reading does not depend on the calibration register being programmed.
 * Throws when the bench file names a unit that does not fit the quantity.
 */
export function ina219ReadPlan(input: Ina219Input): Ina219ReadPlan {
  const units = input.quantity === 'current' ? CURRENT_UNITS : VOLTAGE_UNITS;
  const scale = units[input.unit];
  if (scale === undefined) {
    throw new Error(
      `INA219 input "${input.id}" measures ${input.quantity}: its unit must be one of ` +
        `${Object.keys(units).join(', ')}, not "${input.unit}".`,
    );
  }
  switch (input.quantity) {
    case 'current':
      return {
        register: INA219_REGISTER.SHUNT_VOLTAGE,
        decode: (bytes) => ((signed16(bytes) * SHUNT_LSB_V) / input.shuntOhm) * scale,
      };
    case 'shunt-voltage':
      return {
        register: INA219_REGISTER.SHUNT_VOLTAGE,
        decode: (bytes) => signed16(bytes) * SHUNT_LSB_V * scale,
      };
    case 'bus-voltage':
      return {
        register: INA219_REGISTER.BUS_VOLTAGE,
        decode: (bytes) => (unsigned16(bytes) >> 3) * BUS_LSB_V * scale,
      };
  }
}

function unsigned16(bytes: readonly number[]): number {
  return (((bytes[0] ?? 0) & 0xff) << 8) | ((bytes[1] ?? 0) & 0xff);
}

function signed16(bytes: readonly number[]): number {
  const value = unsigned16(bytes);
  return value >= 0x8000 ? value - 0x10000 : value;
}
