import type { BenchView } from '@remotelab/protocol';
import { useTranslation } from 'react-i18next';
import { DigitalToggle } from './digital-toggle.tsx';
import { PwmSlider } from './pwm-slider.tsx';

/** One control per output of the bench, rendered from its descriptor. */
export function OutputControls({ bench, disabled }: { bench: BenchView; disabled: boolean }) {
  const { t } = useTranslation();
  if (bench.outputs.length === 0) return <p>{t('bench.noControls')}</p>;
  return (
    <div className="controls">
      {bench.outputs.map((output) => {
        const reported = bench.outputValues[output.id];
        return output.kind !== 'digital-out' ? (
          <PwmSlider
            key={output.id}
            benchId={bench.id}
            output={output}
            reported={typeof reported === 'number' ? reported : output.safe}
            disabled={disabled}
          />
        ) : (
          <DigitalToggle
            key={output.id}
            benchId={bench.id}
            output={output}
            reported={typeof reported === 'boolean' ? reported : output.safe}
            disabled={disabled}
          />
        );
      })}
    </div>
  );
}
