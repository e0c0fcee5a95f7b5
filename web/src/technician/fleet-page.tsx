import { useEffect, useState } from 'react';
import { benchCondition } from '@remotelab/protocol';
import type { BenchFlag, BenchView, SelfTestResult } from '@remotelab/protocol';
import { useTranslation } from 'react-i18next';
import { benchApi } from '../api/platform-api.ts';
import { useServices } from '../app/services.ts';
import { StatusPill } from '../benches/status-pill.tsx';
import { useBenchList } from '../benches/use-bench-list.ts';
import { useDateFormat } from '../format/use-date-format.ts';
import { useNumberFormat } from '../i18n/use-format.ts';
import { ErrorNotice, Loading } from '../shared/error-notice.tsx';
import { Page } from '../shared/page.tsx';
import { EnrollmentRequests } from './enrollment-requests.tsx';
import { FlagForm } from './flag-form.tsx';
import type { FlagKind } from './flag-form.tsx';
import { SelfTestView } from './self-test-view.tsx';

/** Self-test results run from this page, kept for the visit (the API keeps no history yet). */
const lastSelfTests = new Map<string, SelfTestResult>();

function Flag({ flag, testId }: { flag: BenchFlag; testId: string }) {
  const { t } = useTranslation();
  const date = useDateFormat();
  return (
    <span data-testid={testId} data-source={flag.source}>
      <bdi>{flag.reason}</bdi>
      <br />
      <span className="muted">
        {date(flag.since)} · {t(`fleet.source.${flag.source}`)}
      </span>
    </span>
  );
}

/** `#/fleet`: every bench, its health and flags, and what a technician can do to it. */
export function FleetPage() {
  const { t } = useTranslation();
  const date = useDateFormat();
  const format = useNumberFormat();
  const { benches: store } = useServices();
  const { benches, loaded, error } = useBenchList();
  const [form, setForm] = useState<{ benchId: string; kind: FlagKind } | null>(null);
  const [testing, setTesting] = useState<string | null>(null);
  const [result, setResult] = useState<SelfTestResult | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  useEffect(() => {
    void store.load();
    // Flags set from another desk do not arrive as pushes: refresh now and then.
    const timer = setInterval(() => void store.load(), 30_000);
    return () => clearInterval(timer);
  }, [store]);

  const act = (call: Promise<BenchView>) => {
    setActionError(null);
    call.then(store.upsert, setActionError);
  };
  const selfTest = (benchId: string) => {
    setTesting(benchId);
    setActionError(null);
    setResult(null);
    benchApi.selfTest(benchId).then(
      (answer) => {
        lastSelfTests.set(benchId, answer);
        setResult(answer);
        setTesting(null);
        void store.load();
      },
      (failure: unknown) => {
        setTesting(null);
        setActionError(failure);
      },
    );
  };
  const formBench = form ? benches.find((b) => b.id === form.benchId) : undefined;

  return (
    <Page title={t('fleet.title')} testId="fleet-page">
      {!loaded && <Loading />}
      {error && <ErrorNotice error={new Error(error)} onRetry={() => void store.load()} />}
      <ErrorNotice error={actionError} />
      {form && formBench && (
        <FlagForm
          bench={formBench}
          kind={form.kind}
          onDone={(item) => {
            if (item) store.upsert(item);
            setForm(null);
          }}
        />
      )}
      {testing && (
        <p role="status" data-testid="self-test-running">
          {t('fleet.selfTest.running', { bench: testing })}
        </p>
      )}
      {result && <SelfTestView result={result} />}
      {loaded && benches.length === 0 && (
        <p className="notice" data-testid="fleet-empty">
          {t('fleet.empty')}
        </p>
      )}
      <ul className="fleet-list" data-testid="fleet-table" aria-label={t('fleet.title')}>
        {benches.map((bench) => {
          const last = lastSelfTests.get(bench.id);
          const { quarantine } = bench;
          const state = benchCondition(bench);
          return (
            <li
              key={bench.id}
              className="fleet-card"
              data-testid={`fleet-row-${bench.id}`}
              data-status={bench.status}
              data-condition={state.condition}
              data-quarantined={!!quarantine}
              data-maintenance={!!bench.maintenance}
            >
              <h3 className="fleet-card-title">
                <bdi>{bench.name}</bdi>{' '}
                <span className="muted" dir="ltr">
                  {bench.id} · {bench.pool}
                  {bench.twin ? ` · ${t('fleet.twin')}` : ''}
                </span>
              </h3>
              <StatusPill bench={bench} detailed />
              <dl className="facts">
                <div>
                  <dt>{t('fleet.lastSeen')}</dt>
                  <dd>{date(bench.lastSeen)}</dd>
                </div>
                <div>
                  <dt>{t('fleet.rate')}</dt>
                  <dd>{t('benches.sampleRate', { rate: format(bench.sampleRateHz) })}</dd>
                </div>
                <div>
                  <dt>{t('fleet.lastSelfTest')}</dt>
                  <dd>
                    {last
                      ? `${t(last.passed ? 'fleet.selfTest.ok' : 'fleet.selfTest.ko')} · ${date(last.finishedAt)}`
                      : '—'}
                  </dd>
                </div>
                {bench.maintenance && (
                  <div>
                    <dt>{t('fleet.maintenance')}</dt>
                    <dd>
                      <Flag flag={bench.maintenance} testId={`maintenance-${bench.id}`} />
                    </dd>
                  </div>
                )}
                {quarantine && (
                  <div>
                    <dt>{t('fleet.quarantine')}</dt>
                    <dd>
                      <Flag flag={quarantine} testId={`quarantine-${bench.id}`} />
                    </dd>
                  </div>
                )}
              </dl>
              <div className="row-actions">
                {(['maintenance', 'quarantine'] as const).map((kind) =>
                  (kind === 'maintenance' ? bench.maintenance : quarantine) ? (
                    <button
                      key={kind}
                      type="button"
                      data-testid={`clear-${kind}-${bench.id}`}
                      onClick={() => act(benchApi.clearFlag(bench.id, kind))}
                    >
                      {t(`fleet.clear.${kind}`)}
                    </button>
                  ) : (
                    <button
                      key={kind}
                      type="button"
                      data-testid={`set-${kind}-${bench.id}`}
                      onClick={() => setForm({ benchId: bench.id, kind })}
                    >
                      {t(`fleet.setShort.${kind}`)}
                    </button>
                  ),
                )}
                <button
                  type="button"
                  data-testid={`self-test-${bench.id}`}
                  disabled={testing !== null || bench.status !== 'online'}
                  onClick={() => selfTest(bench.id)}
                >
                  {t('fleet.selfTest.run')}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
      <EnrollmentRequests onChanged={() => void store.load()} />
    </Page>
  );
}
