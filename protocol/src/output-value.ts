import { ProtocolError } from './errors.ts';
import type { OutputValue } from './agent-link.schema.ts';

/** What both a bench definition's output and its published descriptor carry for this check. */
export type CheckableOutput =
  | { kind: 'digital-out'; label: string }
  | {
      kind: 'pwm-out' | 'servo-out' | 'mcp4725';
      label: string;
      unit: string;
      min: number;
      max: number;
    };

/**
 * Checks a value for an output: its type (on/off for digital outputs, a finite number otherwise)
 * and its range, narrowed by a lab's `narrowed` limits when given (a lab may narrow, never
 * widen). Out of range is refused with OUT_OF_RANGE, never clamped. The server checks a browser's
 * command with it against the published descriptor, the agent again against its own definition.
 */
export function checkOutputValue(
  output: CheckableOutput,
  value: unknown,
  narrowed: { min?: number | undefined; max?: number | undefined } = {},
): OutputValue {
  if (output.kind === 'digital-out') {
    if (typeof value !== 'boolean') {
      throw new ProtocolError('BAD_REQUEST', `${output.label} takes on/off (true or false).`);
    }
    return value;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ProtocolError('BAD_REQUEST', `${output.label} takes a number in ${output.unit}.`);
  }
  const min = Math.max(output.min, narrowed.min ?? -Infinity);
  const max = Math.min(output.max, narrowed.max ?? Infinity);
  if (value < min || value > max) {
    throw new ProtocolError(
      'OUT_OF_RANGE',
      `${output.label}: ${value} ${output.unit} is outside ${min}-${max} ${output.unit}.`,
    );
  }
  return value;
}
