import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { hrefFor } from '../app/hash-route.ts';
import { useServices } from '../app/services.ts';
import { usePageFocus } from '../app/use-page-focus.ts';
import { useNumberFormat } from '../i18n/use-format.ts';
import { StatusPill } from './status-pill.tsx';
import { useBenchList } from './use-bench-list.ts';

export function BenchList() {
  const { t } = useTranslation();
  const format = useNumberFormat();
  const { benches: store } = useServices();
  const { benches, loaded, loading, error } = useBenchList();
  const heading = useRef<HTMLHeadingElement>(null);
  usePageFocus(heading);

  return (
    <section className="page" aria-labelledby="benches-title">
      <h2 id="benches-title" ref={heading} tabIndex={-1}>
        {t('benches.title')}
      </h2>
      {!loaded && loading && <p role="status">{t('benches.loading')}</p>}
      {error && (
        <p className="notice" data-tone="error" role="alert">
          {t('benches.loadFailed')}{' '}
          <button type="button" onClick={() => void store.load()} disabled={loading}>
            {t('benches.retry')}
          </button>
        </p>
      )}
      {loaded && benches.length === 0 && <p data-testid="benches-empty">{t('benches.empty')}</p>}
      <ul className="bench-list" data-testid="bench-list" aria-busy={loading}>
        {benches.map((bench) => (
          <li key={bench.id} data-testid={`bench-item-${bench.id}`} data-status={bench.status}>
            <a className="bench-link" href={hrefFor({ page: 'bench', benchId: bench.id })}>
              <span className="bench-name">{bench.name}</span>
              <StatusPill bench={bench} detailed />
              <span className="bench-rate">
                {t('benches.sampleRate', { rate: format(bench.sampleRateHz) })}
              </span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
