import type { BenchDefinition, OutputChannel, OutputValue } from '@remotelab/protocol';
import type { PinWrite } from '../drivers/bench-driver.ts';

/** Full scale of the MCP4725's 12-bit DAC register. */
const DAC_MAX_CODE = 4095;

/**
 * The pin write that realises an output value. The value must already have passed the safety
 * guard (right type, inside the range): this only converts units.
 */
export function toPinWrite(output: OutputChannel, value: OutputValue): PinWrite {
  switch (output.kind) {
    case 'digital-out':
      return { kind: 'digital', pin: output.pin, level: value === true };
    case 'pwm-out':
      return { kind: 'pwm', pin: output.pin, value: dutyToPwm(Number(value)) };
    case 'servo-out':
      // StandardFirmata's servo write takes whole degrees (values < 544 are angles).
      return { kind: 'servo', pin: output.pin, degrees: Math.round(Number(value)) };
    case 'mcp4725':
      return {
        kind: 'dac',
        address: output.address,
        code: voltsToDacCode(Number(value), output.vref),
      };
  }
}

/** PWM duty in percent -> the 8-bit compare value analogWrite takes. */
export function dutyToPwm(dutyPercent: number): number {
  return Math.round((dutyPercent / 100) * 255);
}

/** DAC output in volts -> the MCP4725 code, `round(v / vref * 4095)`. */
export function voltsToDacCode(volts: number, vref: number): number {
  return Math.min(DAC_MAX_CODE, Math.max(0, Math.round((volts / vref) * DAC_MAX_CODE)));
}

/**
 * An output is "on" when it is away from its safe value: that is what interlocks forbid for two
 * outputs at once (a relay closed, a PWM driving, a DAC above its rest voltage).
 */
export function isOn(output: OutputChannel, value: OutputValue): boolean {
  return value !== output.safe;
}

/** The writes that put every output of the bench in its safe state. */
export function safeStateWrites(bench: BenchDefinition): Array<{ id: string; value: OutputValue }> {
  return bench.outputs.map((output) => ({ id: output.id, value: output.safe }));
}
