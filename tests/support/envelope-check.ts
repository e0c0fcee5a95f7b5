import type { BenchDefinition, OutputChannel } from '@remotelab/protocol';
import { dutyToPwm, voltsToDacCode } from '@remotelab/lab-agent';
import { parseMcp4725Write, type PinWrite } from '@remotelab/lab-agent/virtual-board';

/**
 * Checks a virtual board's pin-write log against a bench's safety envelope, from the board's
 * side: what the host actually sent, stamped with the board's clock. Independent of the agent's
 * code except for the unit conversions (duty -> 8-bit PWM, volts -> DAC code).
 */
export interface EnvelopeCheckOptions {
  /** Entries before this index are set-up (modes, the first safe state): range and interlocks only. */
  rateFrom: number;
  /**
   * Timing slack (ms) for the rate checks: the agent stamps a write when it sends it, the board
   * when it applies it; the pty and two event loops sit between, so consecutive writes may land
   * closer together than they left.
   */
  jitterMs: number;
}

export interface EnvelopeReport {
  violations: string[];
  /** Value writes checked (entries that set an output). */
  writes: number;
}

interface Target {
  output: OutputChannel;
  /** The raw value the board received -> the output's value (or the raw code for comparisons). */
  raw: number;
}

/** The raw board-side value an output value becomes. */
function rawOf(output: OutputChannel, value: number | boolean): number {
  switch (output.kind) {
    case 'digital-out':
      return value ? 1 : 0;
    case 'pwm-out':
      return dutyToPwm(Number(value));
    case 'servo-out':
      return Math.round(Number(value));
    case 'mcp4725':
      return voltsToDacCode(Number(value), output.vref);
  }
}

/** One raw step of an output in its unit: the rounding a rate check must allow. */
function lsbOf(output: OutputChannel): number {
  switch (output.kind) {
    case 'digital-out':
      return 0;
    case 'pwm-out':
      return 100 / 255;
    case 'servo-out':
      return 1;
    case 'mcp4725':
      return output.vref / 4095;
  }
}

function unitOf(output: OutputChannel, raw: number): number {
  switch (output.kind) {
    case 'digital-out':
      return raw;
    case 'pwm-out':
      return (raw / 255) * 100;
    case 'servo-out':
      return raw;
    case 'mcp4725':
      return (raw / 4095) * output.vref;
  }
}

/** The value writes of the log, each tied to the output it drives (or to none: a violation). */
function targetsOf(bench: BenchDefinition, write: PinWrite): Target[] | string {
  if (write.kind === 'mode') return [];
  if (write.kind === 'i2c') {
    const dac = bench.outputs.find((o) => o.kind === 'mcp4725' && o.address === write.address);
    if (dac) return parseMcp4725Write(write.bytes).map((u) => ({ output: dac, raw: u.code }));
    const sensor = bench.inputs.some((i) => i.kind === 'ina219' && i.address === write.address);
    return sensor ? [] : `I2C write to 0x${write.address.toString(16)}, no device of the bench`;
  }
  const output = bench.outputs.find((o) => 'pin' in o && o.pin === write.pin);
  // A port write (DIGITAL_MESSAGE) carries every pin of the port: unused pins stay low.
  if (!output && write.kind === 'digital' && write.value === 0) return [];
  if (!output)
    return `${write.kind} write of ${write.value} to pin ${write.pin}, no output of the bench`;
  const pwmLike = output.kind === 'pwm-out' || output.kind === 'servo-out';
  if ((write.kind === 'pwm') !== pwmLike) return `${write.kind} write to ${output.id}`;
  return [{ output, raw: write.value }];
}

export function checkEnvelope(
  bench: BenchDefinition,
  log: readonly PinWrite[],
  options: EnvelopeCheckOptions,
): EnvelopeReport {
  const violations: string[] = [];
  const raw = new Map<string, number>();
  const last = new Map<string, { value: number; t: number }>();
  const commandTimes: number[] = [];
  let writes = 0;
  log.forEach((write, index) => {
    const targets = targetsOf(bench, write);
    if (typeof targets === 'string') return void violations.push(`#${index}: ${targets}`);
    if (
      targets.length > 0 &&
      index >= options.rateFrom &&
      !samePortMessage(log[index - 1], write)
    ) {
      commandTimes.push(write.t);
    }
    for (const { output, raw: value } of targets) {
      writes += 1;
      if (output.kind !== 'digital-out') {
        const [lo, hi] = [rawOf(output, output.min), rawOf(output, output.max)];
        if (value < lo || value > hi) {
          violations.push(`#${index}: ${output.id} raw ${value} outside ${lo}..${hi}`);
        }
        const before = last.get(output.id);
        if (output.maxChangePerS && before && index >= options.rateFrom) {
          const change = Math.abs(unitOf(output, value) - before.value);
          const allowed =
            (output.maxChangePerS * (write.t - before.t + options.jitterMs)) / 1000 + lsbOf(output);
          if (change > allowed) {
            violations.push(
              `#${index}: ${output.id} changed by ${change.toFixed(3)} in ${(write.t - before.t).toFixed(1)} ms`,
            );
          }
        }
        last.set(output.id, { value: unitOf(output, value), t: write.t });
      }
      raw.set(output.id, value);
    }
    for (const interlock of bench.safety.interlocks) {
      const on = interlock.outputs.filter((id) => {
        const output = bench.outputs.find((o) => o.id === id)!;
        const value = raw.get(id);
        return value !== undefined && value !== rawOf(output, output.safe);
      });
      if (on.length > 1) violations.push(`#${index}: ${on.join(' and ')} on together`);
    }
  });
  const window = 1000 - options.jitterMs;
  for (let i = 0, j = 0; i < commandTimes.length; i += 1) {
    while (commandTimes[i]! - commandTimes[j]! >= window) j += 1;
    if (i - j + 1 > bench.safety.maxCommandsPerS) {
      violations.push(`${i - j + 1} commands within ${window} ms at t=${commandTimes[i]}`);
      break;
    }
  }
  return { violations, writes };
}

/**
 * One DIGITAL_MESSAGE (one command) is logged as one entry per pin of its port, in pin order;
 * the board stamps every command of one received chunk with the same time, so a new message is
 * told by its pins starting over.
 */
function samePortMessage(before: PinWrite | undefined, write: PinWrite): boolean {
  return (
    before !== undefined &&
    before.kind === 'digital' &&
    write.kind === 'digital' &&
    before.via === 'DIGITAL_MESSAGE' &&
    write.via === 'DIGITAL_MESSAGE' &&
    before.t === write.t &&
    before.pin >> 3 === write.pin >> 3 &&
    write.pin > before.pin
  );
}
