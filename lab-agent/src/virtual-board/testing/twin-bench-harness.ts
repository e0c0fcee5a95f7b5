import type { BenchDefinition, OutputValue } from '@remotelab/protocol';
import type { SpiceCircuit } from '../circuits/spice-circuit.ts';
import * as F from '../firmata-constants.ts';
import { InMemoryVirtualBoard } from '../in-memory-virtual-board.ts';
import { FakeClock } from './fake-clock.ts';

/** Each byte as the two 7-bit bytes Firmata carries. */
const sevenBit = (bytes: readonly number[]) => bytes.flatMap((b) => [b & 0x7f, b >> 7]);

/**
 * A bench's twin on an in-memory virtual board with a fake clock: outputs are set with the
 * Firmata bytes a host sends (pin modes, ANALOG_MESSAGE, SET_DIGITAL_PIN_VALUE, I2C_REQUEST to
 * the MCP4725 in "Write DAC Register" form), inputs read from the SPICE model once it has solved
 * the instant asked for. Deterministic: time moves only when the test says so.
 */
export class TwinBenchHarness {
  readonly clock = new FakeClock();
  readonly board: InMemoryVirtualBoard;
  private readonly bootedAt: number;

  constructor(
    readonly bench: BenchDefinition,
    seed = 42,
  ) {
    this.bootedAt = this.clock.now();
    this.board = new InMemoryVirtualBoard({ bench, now: this.clock.now, seed });
    this.send([F.START_SYSEX, F.I2C_CONFIG, 0, 0, F.END_SYSEX]);
    for (const output of bench.outputs) {
      if (output.kind === 'pwm-out') this.send([F.SET_PIN_MODE, output.pin, F.PIN_MODE_PWM]);
      if (output.kind === 'digital-out') this.send([F.SET_PIN_MODE, output.pin, F.PIN_MODE_OUTPUT]);
    }
  }

  get model(): SpiceCircuit {
    return this.board.model as SpiceCircuit;
  }

  /** Board time (ms since boot). */
  get now(): number {
    return this.clock.now() - this.bootedAt;
  }

  /** Sets an output the way the agent's driver does (duty %, on/off, DAC volts). */
  set(outputId: string, value: OutputValue): void {
    const output = this.bench.outputs.find((o) => o.id === outputId);
    switch (output?.kind) {
      case 'pwm-out': {
        const duty = Math.round((Number(value) / 100) * 255);
        this.send([F.ANALOG_MESSAGE | output.pin, duty & 0x7f, duty >> 7]);
        return;
      }
      case 'digital-out':
        this.send([F.SET_DIGITAL_PIN_VALUE, output.pin, value === true ? 1 : 0]);
        return;
      case 'mcp4725': {
        const code = Math.round((Number(value) / output.vref) * 4095);
        const bytes = [0x40, code >> 4, (code & 0x0f) << 4];
        this.send([
          F.START_SYSEX,
          F.I2C_REQUEST,
          output.address,
          0,
          ...sevenBit(bytes),
          F.END_SYSEX,
        ]);
        return;
      }
      default:
        throw new Error(`no settable output "${outputId}"`);
    }
  }

  /** Lets `ms` of board time pass. */
  async wait(ms: number): Promise<void> {
    for (let elapsed = 0; elapsed < ms; elapsed += 2) {
      this.clock.advance(Math.min(2, ms - elapsed));
      this.board.step();
    }
    await this.model.solvedThrough(this.now + 1);
  }

  /**
   * Mean of an input over `samples` readings 1 ms apart from now, in its unit: an analog input
   * through the 10-bit ADC (raw x gain + offset), an INA219 input from the probed value (mA for
   * a current in mA).
   */
  async mean(inputId: string, samples = 20): Promise<number> {
    const input = this.bench.inputs.find((i) => i.id === inputId);
    await this.model.solvedThrough(this.now + samples);
    let sum = 0;
    for (let i = 0; i < samples; i++) {
      const t = this.now + i;
      if (input?.kind === 'analog-in') {
        sum += this.model.readAnalog(input.pin, t) * input.gain + input.offset;
      } else if (input?.kind === 'ina219') {
        const si = this.model.readProbe(inputId, t) ?? NaN;
        sum += si * (input.unit === 'mA' ? 1000 : 1);
      } else throw new Error(`no readable input "${inputId}"`);
    }
    await this.wait(samples);
    return sum / samples;
  }

  close(): void {
    this.board.close();
  }

  private send(bytes: number[]): void {
    this.board.receive(Uint8Array.from(bytes));
  }
}
