import type { InputDescriptor } from '@remotelab/protocol';
import { useNumberFormat } from '../i18n/use-format.ts';
import { decimalsForSpan } from '../i18n/number-format.ts';
import type { BenchStream } from './stream/use-bench-stream.ts';
import { useDrawnRevision } from './stream/use-drawn-revision.ts';

/** The latest value of every input, rendered on the animation frame after it arrived. */
export function Readouts({
  inputs,
  stream,
}: {
  inputs: readonly InputDescriptor[];
  stream: BenchStream;
}) {
  useDrawnRevision(stream);
  const { buffer } = stream;
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
