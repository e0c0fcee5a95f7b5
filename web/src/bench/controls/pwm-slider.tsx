import { useId } from 'react';
import type { OutputDescriptor } from '@remotelab/protocol';
import { useNumberFormat } from '../../i18n/use-format.ts';
import { CommandError } from './command-error.tsx';
import { useOutputCommand } from './use-output-command.ts';

/** PWM duty, servo angle or DAC voltage: any output that takes a number in [min, max]. */
type PwmOutput = Exclude<OutputDescriptor, { kind: 'digital-out' }>;

/** Decimals of the step: 1 -> 0, 0.5 -> 1, 0.25 -> 2. */
function stepDecimals(step: number): number {
  const text = String(step);
  const dot = text.indexOf('.');
  return dot === -1 ? 0 : Math.min(6, text.length - dot - 1);
}

export function PwmSlider(props: {
  benchId: string;
  output: PwmOutput;
  reported: number;
  disabled: boolean;
}) {
  const { benchId, output, reported, disabled } = props;
  const id = useId();
  const errorId = `${id}-error`;
  const format = useNumberFormat();
  const { value, busy, error, submit } = useOutputCommand(benchId, output.id, reported);
  const shown = `${format(value, stepDecimals(output.step))} ${output.unit}`.trim();

  return (
    <div className="control" data-busy={busy}>
      <label htmlFor={id}>{output.label}</label>
      <div className="control-row">
        <input
          id={id}
          type="range"
          data-testid={`slider-${output.id}`}
          min={output.min}
          max={output.max}
          step={output.step}
          value={value}
          disabled={disabled}
          aria-valuetext={shown}
          aria-describedby={error ? errorId : undefined}
          onChange={(event) => {
            const next = event.currentTarget.valueAsNumber;
            if (Number.isFinite(next)) submit(next);
          }}
        />
        <output htmlFor={id} className="control-value" data-value={value}>
          <bdi>{shown}</bdi>
        </output>
      </div>
      <CommandError id={errorId} error={error} />
    </div>
  );
}
