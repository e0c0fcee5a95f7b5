import { ProtocolError, type BenchDefinition, type OutputValue } from '@remotelab/protocol';
import type { PinWrite } from '../drivers/bench-driver.ts';

/**
 * The agent's own check of every write, whatever the server already checked: the agent does not
 * trust the server. A value outside the bench's range is refused with OUT_OF_RANGE, never clamped.
 * Returns the pin write that realises the value.
 */
export function guardOutput(
  bench: BenchDefinition,
  outputId: string,
  value: OutputValue,
): PinWrite {
  const output = bench.outputs.find((candidate) => candidate.id === outputId);
  if (!output) {
    throw new ProtocolError('NOT_EXPOSED', `Bench ${bench.id} has no output "${outputId}".`);
  }
  if (output.kind === 'digital-out') {
    if (typeof value !== 'boolean') {
      throw new ProtocolError('BAD_REQUEST', `${output.label} takes on/off (true or false).`);
    }
    return { kind: 'digital', pin: output.pin, level: value };
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ProtocolError('BAD_REQUEST', `${output.label} takes a number in ${output.unit}.`);
  }
  if (value < output.min || value > output.max) {
    throw new ProtocolError(
      'OUT_OF_RANGE',
      `${output.label}: ${value} ${output.unit} is outside ${output.min}-${output.max} ${output.unit}.`,
    );
  }
  switch (output.kind) {
    case 'pwm-out':
      return { kind: 'pwm', pin: output.pin, value: dutyToPwm(value) };
    case 'servo-out':
      return { kind: 'servo', pin: output.pin, degrees: value };
    case 'mcp4725':
      return {
        kind: 'dac',
        address: output.address,
        code: Math.round((value / output.vref) * 4095),
      };
  }
}

/** PWM duty in percent -> the 8-bit compare value analogWrite takes. */
export function dutyToPwm(dutyPercent: number): number {
  return Math.round((dutyPercent / 100) * 255);
}

/** The writes that put every output of the bench in its safe state. */
export function safeStateWrites(bench: BenchDefinition): Array<{ id: string; value: OutputValue }> {
  return bench.outputs.map((output) => ({ id: output.id, value: output.safe }));
}
