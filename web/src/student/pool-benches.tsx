import { useTranslation } from 'react-i18next';
import { StatusPill } from '../benches/status-pill.tsx';
import { useBenchList } from '../benches/use-bench-list.ts';

/**
 * The benches this lab runs on, each in its one state (the rule the fleet and the bench list
 * use), so a student sees why nothing is free before asking anyone.
 */
export function PoolBenches({ pool }: { pool: string }) {
  const { t } = useTranslation();
  const { benches, loaded } = useBenchList();
  const ofPool = benches.filter((bench) => bench.pool === pool);
  return (
    <section
      className="panel stack"
      aria-labelledby="pool-benches-title"
      data-testid="pool-benches"
    >
      <h3 id="pool-benches-title">{t('labs.benchesTitle')}</h3>
      {loaded && ofPool.length === 0 && <p>{t('labs.noBench')}</p>}
      <ul className="plain-list">
        {ofPool.map((bench) => (
          <li key={bench.id} data-testid={`pool-bench-${bench.id}`}>
            <bdi>{bench.name}</bdi> <StatusPill bench={bench} detailed />
          </li>
        ))}
      </ul>
    </section>
  );
}
