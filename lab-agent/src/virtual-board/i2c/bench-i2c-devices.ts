import type { BenchDefinition, Ina219Input } from '@remotelab/protocol';
import { CircuitModelError } from '../circuits/circuit-model.ts';
import type { NodeDrive } from '../circuits/node-drive.ts';
import { gaussian, mulberry32 } from '../circuits/seeded-random.ts';
import { I2cBus } from './i2c-bus.ts';
import { Ina219Device } from './ina219-device.ts';
import { Mcp4725Device } from './mcp4725-device.ts';

/**
 * The I2C side of a bench: its bus, and what its DACs drive (for the circuit model; the firmware
 * tells the model after every ACKed write, so a DAC change reaches the circuit at once).
 */
export interface BenchI2c {
  bus: I2cBus;
  /** The drive of an MCP4725 output now, by output id; undefined for other ids. */
  dacDrive(outputId: string): NodeDrive | undefined;
}

export interface BenchI2cContext {
  seed: number;
  /** Noise of the INA219 shunt conversions, in its LSB (10 uV): the twin's `noiseLsb`. */
  noiseLsb: number;
  /** An input's measured value at board time `tMs` (SI units), from the circuit model. */
  probe(inputId: string, tMs: number): number | undefined;
}

/**
 * The devices a bench definition puts on the bus, at the addresses its YAML gives: one MCP4725
 * per `mcp4725` output, one INA219 per address used by `ina219` inputs. An INA219's shunt
 * voltage comes from the probe of its `current` input (times `shuntOhm`) or of its
 * `shunt-voltage` input, its bus voltage from its `bus-voltage` input; what is not probed reads 0.
 */
export function createBenchI2c(bench: BenchDefinition, context: BenchI2cContext): BenchI2c {
  const bus = new I2cBus();
  const dacs = new Map<string, Mcp4725Device>();
  const attach = (address: number, what: string, device: Mcp4725Device | Ina219Device) => {
    if (bus.has(address)) {
      throw new CircuitModelError(
        `Bench "${bench.id}": ${what} shares I2C address 0x${address.toString(16)} with another device.`,
      );
    }
    bus.attach(address, device);
  };
  for (const output of bench.outputs) {
    if (output.kind !== 'mcp4725') continue;
    const dac = new Mcp4725Device(output.vref);
    attach(output.address, `DAC "${output.id}"`, dac);
    dacs.set(output.id, dac);
  }
  const sensors = new Map<number, Ina219Input[]>();
  for (const input of bench.inputs) {
    if (input.kind === 'ina219')
      sensors.set(input.address, [...(sensors.get(input.address) ?? []), input]);
  }
  const noise = gaussian(mulberry32(context.seed ^ 0x1a219));
  for (const [address, inputs] of sensors) {
    const find = (quantity: Ina219Input['quantity']) => inputs.find((i) => i.quantity === quantity);
    const current = find('current');
    const shunt = find('shunt-voltage');
    const busInput = find('bus-voltage');
    const read = (input: Ina219Input | undefined, tMs: number) =>
      (input && context.probe(input.id, tMs)) ?? 0;
    const device = new Ina219Device({
      shuntVolts: (tMs) =>
        shunt ? read(shunt, tMs) : current ? read(current, tMs) * current.shuntOhm : 0,
      busVolts: (tMs) => read(busInput, tMs),
      noise: () => (context.noiseLsb === 0 ? 0 : noise() * context.noiseLsb),
    });
    attach(address, `INA219 "${inputs.map((i) => i.id).join('", "')}"`, device);
  }
  return { bus, dacDrive: (outputId) => dacs.get(outputId)?.drive() };
}
