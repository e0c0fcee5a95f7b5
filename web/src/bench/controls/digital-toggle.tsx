import { useId } from 'react';
import type { OutputDescriptor } from '@remotelab/protocol';
import { useTranslation } from 'react-i18next';
import { CommandError } from './command-error.tsx';
import { useOutputCommand } from './use-output-command.ts';

type DigitalOutput = Extract<OutputDescriptor, { kind: 'digital-out' }>;

/** A two-state output as a toggle button: its name is the label, its state is aria-pressed. */
export function DigitalToggle(props: {
  benchId: string;
  output: DigitalOutput;
  reported: boolean;
  disabled: boolean;
}) {
  const { benchId, output, reported, disabled } = props;
  const { t } = useTranslation();
  const id = useId();
  const labelId = `${id}-label`;
  const errorId = `${id}-error`;
  const { value, busy, error, submit } = useOutputCommand(benchId, output.id, reported);

  return (
    <div className="control" data-busy={busy}>
      <span id={labelId} className="control-label">
        {output.label}
      </span>
      <div className="control-row">
        <button
          type="button"
          className="toggle"
          data-testid={`toggle-${output.id}`}
          aria-pressed={value}
          aria-labelledby={labelId}
          aria-describedby={error ? errorId : undefined}
          disabled={disabled}
          onClick={() => submit(!value)}
        >
          <span className="toggle-track" aria-hidden="true" />
          <span className="toggle-text" aria-hidden="true">
            {value ? t('control.on') : t('control.off')}
          </span>
        </button>
      </div>
      <CommandError id={errorId} error={error} />
    </div>
  );
}
