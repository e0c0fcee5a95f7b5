import type { BenchDefinition } from '@remotelab/protocol';
import { CircuitModelError } from './circuit-model.ts';
import { pinDrive } from './node-drive.ts';
import type { NodeDrive } from './node-drive.ts';
import { SpiceCircuit } from './spice-circuit.ts';
import type { SpiceCircuitOptions, SpiceDrive, SpiceProbe } from './spice-circuit.ts';
import { checkProbeExpression, checkTwinNetlist } from './spice-netlist.ts';

/** What the board offers a twin besides its pins: the I2C outputs (DACs), by output id. */
export interface TwinSurroundings {
  /** The drive of an I2C output (MCP4725) now; undefined when the board has no such device. */
  i2cOutputDrive?(outputId: string): NodeDrive | undefined;
}

/** A DAC the board does not have reads 0 V, as a factory-fresh MCP4725 does at power-up. */
const UNPOWERED: NodeDrive = { kind: 'source', volts: 0 };

/**
 * Builds the SPICE twin of a bench (`twin.model: spice`): each `drives` entry becomes a source
 * on its node that follows the output (PWM and digital pins by their Firmata mode, an MCP4725 by
 * its DAC register; a servo is not electrical and drives nothing); each `probes` entry gives an
 * input its value (an analog input through the 10-bit ADC, an INA219 input through its
 * registers). Throws CircuitModelError naming what is wrong.
 */
export function createSpiceTwin(
  bench: BenchDefinition,
  seed: number,
  surroundings: TwinSurroundings = {},
  tuning: Pick<SpiceCircuitOptions, 'chunkMs' | 'stepMs' | 'leadMs' | 'solver'> = {},
): SpiceCircuit {
  const twin = bench.twin;
  if (!twin?.netlist) {
    throw new CircuitModelError(`Bench "${bench.id}": a spice twin needs twin.netlist.`);
  }
  const problems = checkTwinNetlist(twin.netlist);
  if (problems.length > 0) {
    throw new CircuitModelError(`Bench "${bench.id}": ${problems.join(' ')}`);
  }
  const drives: SpiceDrive[] = twin.drives.map(({ output: id, node }) => {
    const output = bench.outputs.find((o) => o.id === id);
    switch (output?.kind) {
      case 'pwm-out':
      case 'digital-out':
        return { node, of: (outputs) => pinDrive(outputs, output.pin) };
      case 'mcp4725':
        return { node, of: () => surroundings.i2cOutputDrive?.(id) ?? UNPOWERED };
      case 'servo-out':
        return { node, of: () => undefined };
      default:
        throw new CircuitModelError(`Bench "${bench.id}": twin drives unknown output "${id}".`);
    }
  });
  const seen = new Set<string>();
  const probes: SpiceProbe[] = twin.probes.map(({ input: id, expr }) => {
    if (seen.has(id)) {
      throw new CircuitModelError(`Bench "${bench.id}": input "${id}" is probed twice.`);
    }
    seen.add(id);
    const problem = checkProbeExpression(expr);
    if (problem) throw new CircuitModelError(`Bench "${bench.id}": ${problem}.`);
    const input = bench.inputs.find((i) => i.kind !== 'digital-in' && i.id === id);
    if (!input) {
      throw new CircuitModelError(
        `Bench "${bench.id}": twin probes "${id}", which is not an analog or INA219 input.`,
      );
    }
    return input.kind === 'analog-in'
      ? { inputId: id, expr, channel: input.pin }
      : { inputId: id, expr };
  });
  return new SpiceCircuit({
    benchId: bench.id,
    netlist: twin.netlist,
    drives,
    probes,
    noiseLsb: twin.noiseLsb,
    seed,
    ...tuning,
  });
}
