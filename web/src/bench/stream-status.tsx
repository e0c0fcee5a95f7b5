import { useTranslation } from 'react-i18next';
import { useNumberFormat } from '../i18n/use-format.ts';
import { useFramesPerSecond } from '../realtime/use-realtime.ts';
import type { StreamBuffer } from './stream/stream-buffer.ts';
import { useBufferRevision } from './stream/use-buffer-revision.ts';

/** One quiet line for the curious (and for support): how much data is really arriving. */
export function StreamStatus({ buffer }: { buffer: StreamBuffer }) {
  const { t } = useTranslation();
  const format = useNumberFormat();
  const fps = useFramesPerSecond();
  useBufferRevision(buffer, 1000);
  return (
    <p className="stream-status" data-testid="stream-status" data-fps={fps}>
      <span>{t('bench.streamRate', { fps: format(fps, 1) })}</span>
      {buffer.stats.missedFrames > 0 && (
        <span>{t('bench.missedFrames', { lost: format(buffer.stats.missedFrames) })}</span>
      )}
    </p>
  );
}
