import type { InputDescriptor } from '@remotelab/protocol';
import { useNumberFormat } from '../i18n/use-format.ts';
import { decimalsForSpan } from '../i18n/number-format.ts';
import type { StreamBuffer } from './stream/stream-buffer.ts';
import { useBufferRevision } from './stream/use-buffer-revision.ts';

/** The latest value of every input, refreshed a few times a second. */
export function Readouts({
  inputs,
  buffer,
}: {
  inputs: readonly InputDescriptor[];
  buffer: StreamBuffer;
}) {
  useBufferRevision(buffer);
  const format = useNumberFormat();
  return (
    <dl className="readouts">
      {inputs.map((input) => {
        const value = buffer.channel(input.id)?.latest() ?? Number.NaN;
        const digits =
          input.kind === 'digital-in' ? 0 : decimalsForSpan(input.range.max - input.range.min);
        return (
          <div
            key={input.id}
            className="readout"
            data-testid={`readout-${input.id}`}
            data-value={Number.isFinite(value) ? String(value) : ''}
          >
            <dt>{input.label}</dt>
            <dd>
              <bdi>
                {format(value, digits)}
                {input.unit && Number.isFinite(value) ? ` ${input.unit}` : ''}
              </bdi>
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
