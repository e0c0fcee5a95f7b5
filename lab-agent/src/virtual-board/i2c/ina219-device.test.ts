import { describe, expect, it } from 'vitest';
import { INA219, Ina219Device } from './ina219-device.ts';

/** An INA219 whose inputs see `shunt` and `bus` volts (no noise). */
function sensor(levels: { shunt: number; bus: number }) {
  const device = new Ina219Device({
    shuntVolts: () => levels.shunt,
    busVolts: () => levels.bus,
    noise: () => 0,
  });
  const read = (register: number): number => {
    device.write([register], 0);
    const [msb = 0, lsb = 0] = device.read(2, 0);
    return (msb << 8) | lsb;
  };
  const write = (register: number, value: number) =>
    device.write([register, value >> 8, value & 0xff], 0);
  return { device, read, write };
}

describe('INA219', () => {
  // 10 mA through the 0.1 Ohm shunt of the common breakout, LED anode at 1.85 V.
  const LED = { shunt: 0.001, bus: 1.85 };

  it('powers up with config 0x399F and calibration 0, so current and power read 0', () => {
    const { read } = sensor(LED);
    expect(read(INA219.CONFIG)).toBe(0x399f);
    expect(read(INA219.CALIBRATION)).toBe(0);
    expect(read(INA219.CURRENT)).toBe(0);
    expect(read(INA219.POWER)).toBe(0);
  });

  it('reads the shunt voltage signed at 10 uV/LSB and the bus voltage at 4 mV/LSB with CNVR', () => {
    const levels = { ...LED };
    const { read } = sensor(levels);
    expect(read(INA219.SHUNT_VOLTAGE)).toBe(100);
    expect(read(INA219.BUS_VOLTAGE)).toBe((Math.round(1.85 / 0.004) << 3) | 0b10);
    levels.shunt = -0.001;
    expect(read(INA219.SHUNT_VOLTAGE)).toBe(0x10000 - 100);
  });

  it('computes current = shunt x cal / 4096 and power = current x bus / 5000 (section 8.5.1)', () => {
    // Current_LSB = 100 uA with a 0.1 Ohm shunt: Cal = trunc(0.04096 / (100e-6 x 0.1)) = 4096.
    const { read, write } = sensor({ shunt: 0.001, bus: 2 });
    write(INA219.CALIBRATION, 4096);
    expect(read(INA219.CURRENT)).toBe(100); // x 100 uA = 10 mA
    expect(read(INA219.POWER)).toBe(10); // x Power_LSB = 20 x Current_LSB = 2 mW: 20 mW
    write(INA219.CALIBRATION, 4097);
    expect(read(INA219.CALIBRATION)).toBe(4096); // bit 0 is not implemented
  });

  it('clamps the shunt register to the PGA range and restores defaults on RST', () => {
    const { read, write } = sensor({ shunt: 0.05, bus: 5 });
    expect(read(INA219.SHUNT_VOLTAGE)).toBe(5000); // PGA /8: +-320 mV
    write(INA219.CONFIG, 0x019f); // BRNG 16 V, PGA /1: +-40 mV
    expect(read(INA219.SHUNT_VOLTAGE)).toBe(4000);
    write(INA219.CONFIG, 0x8000);
    expect(read(INA219.CONFIG)).toBe(0x399f);
  });

  it('converts once when a triggered mode is written, at every read in continuous mode', () => {
    const levels = { shunt: 0.001, bus: 1 };
    const { read, write } = sensor(levels);
    write(INA219.CONFIG, 0x399b); // MODE 011: shunt and bus, triggered
    levels.shunt = 0.002;
    expect(read(INA219.SHUNT_VOLTAGE)).toBe(100);
    write(INA219.CONFIG, 0x399f);
    expect(read(INA219.SHUNT_VOLTAGE)).toBe(200);
  });

  it('keeps the register pointer across reads and pads long reads with 0xFF', () => {
    const { device } = sensor(LED);
    device.write([INA219.SHUNT_VOLTAGE], 0);
    expect(device.read(2, 0)).toEqual([0, 100]);
    expect(device.read(4, 1)).toEqual([0, 100, 0xff, 0xff]);
  });
});
