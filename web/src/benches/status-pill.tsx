import { benchCondition } from '@remotelab/protocol';
import type { BenchConditionInput } from '@remotelab/protocol';
import { useTranslation } from 'react-i18next';
import { useDateFormat } from '../format/use-date-format.ts';

/**
 * A bench's one state (`benchCondition`, the rule every page shares) as a labelled pill, with
 * its reason and since when underneath when `detailed`. The state is in the text, not only the
 * colour.
 */
export function StatusPill({
  bench,
  detailed = false,
}: {
  bench: BenchConditionInput;
  detailed?: boolean;
}) {
  const { t } = useTranslation();
  const date = useDateFormat();
  const view = benchCondition(bench);
  return (
    <span className="bench-state" data-testid="bench-state" data-condition={view.condition}>
      <span className="pill" data-status={view.condition}>
        {t(`status.${view.condition}`)}
      </span>
      {detailed && (view.reason || view.since !== undefined) && (
        <span className="muted bench-state-detail">
          {view.reason && <bdi>{view.reason}</bdi>}
          {view.reason && view.since !== undefined && ' · '}
          {view.since !== undefined && t('status.since', { when: date(view.since) })}
        </span>
      )}
    </span>
  );
}
