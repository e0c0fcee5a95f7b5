import { Suspense, lazy } from 'react';
import { useTranslation } from 'react-i18next';
import { BenchList } from '../benches/bench-list.tsx';
import { AppHeader } from './app-header.tsx';
import { useHashRoute } from './use-hash-route.ts';

// The chart library is only needed on a bench page: the list loads without it on slow links.
const BenchPage = lazy(async () => ({
  default: (await import('../bench/bench-page.tsx')).BenchPage,
}));

export function App() {
  const { t } = useTranslation();
  const route = useHashRoute();
  return (
    <>
      <AppHeader />
      <main className="app-main">
        {route.page === 'bench' ? (
          <Suspense fallback={<p role="status">{t('bench.loading')}</p>}>
            <BenchPage key={route.benchId} benchId={route.benchId} />
          </Suspense>
        ) : (
          <BenchList />
        )}
      </main>
    </>
  );
}
