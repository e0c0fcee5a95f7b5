import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { hrefFor } from '../app/hash-route.ts';
import { usePageFocus } from '../app/use-page-focus.ts';
import { useBenchList } from '../benches/use-bench-list.ts';
import { useErrorMessage } from '../i18n/error-message.ts';
import { LiveBench } from './live-bench.tsx';
import { useBench } from './use-bench.ts';
import { useBenchSubscription } from './use-bench-subscription.ts';

/** `#/bench/<id>`: one bench, live. Mounted with key={benchId}, so all state is per bench. */
export function BenchPage({ benchId }: { benchId: string }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const bench = useBench(benchId);
  const { loaded } = useBenchList();
  const { error, retry } = useBenchSubscription(benchId);
  const heading = useRef<HTMLHeadingElement>(null);
  usePageFocus(heading);

  const name = bench?.name;
  useEffect(() => {
    const previous = document.title;
    if (name) document.title = `${name} · remotelab`;
    return () => {
      document.title = previous;
    };
  }, [name]);

  const unknown = !bench && (error?.code === 'UNKNOWN_BENCH' || (loaded && !error));
  return (
    <section className="page" aria-labelledby="bench-title">
      <p>
        <a href={hrefFor({ page: 'benches' })} className="back-link">
          {t('bench.back')}
        </a>
      </p>
      <h2 id="bench-title" ref={heading} tabIndex={-1}>
        {bench?.name ?? benchId}
      </h2>
      {error && error.code !== 'UNKNOWN_BENCH' && (
        <p className="notice" data-tone="error" role="alert" data-testid="subscribe-error">
          {t('bench.subscribeFailed', { reason: errorMessage(error) })}{' '}
          <button type="button" onClick={retry}>
            {t('benches.retry')}
          </button>
        </p>
      )}
      {bench ? (
        <LiveBench bench={bench} />
      ) : unknown ? (
        <p role="alert" data-testid="bench-not-found">
          {t('bench.notFound', { id: benchId })}
        </p>
      ) : (
        <p role="status">{t('bench.loading')}</p>
      )}
    </section>
  );
}
