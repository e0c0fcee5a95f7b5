import type { SelfTestResult } from '@remotelab/protocol';
import { useTranslation } from 'react-i18next';
import { useDateFormat } from '../format/use-date-format.ts';
import { useNumberFormat } from '../i18n/use-format.ts';

/** A self-test's steps with each check's expected, measured and tolerance. */
export function SelfTestView({ result }: { result: SelfTestResult }) {
  const { t } = useTranslation();
  const date = useDateFormat();
  const format = useNumberFormat();
  return (
    <section
      className="panel stack"
      data-testid="self-test-result"
      data-passed={result.passed}
      aria-labelledby={`self-test-${result.benchId}`}
    >
      <h3 id={`self-test-${result.benchId}`}>
        {t(result.passed ? 'fleet.selfTest.passed' : 'fleet.selfTest.failed', {
          bench: result.benchId,
        })}
      </h3>
      <p className="muted">
        {date(result.finishedAt)} · {t(`fleet.selfTest.trigger.${result.trigger}`)}
        {result.detail && (
          <>
            {' '}
            · <bdi>{result.detail}</bdi>
          </>
        )}
      </p>
      {result.steps.length > 0 && (
        <div className="table-scroll">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t('fleet.selfTest.step')}</th>
                <th scope="col">{t('fleet.selfTest.input')}</th>
                <th scope="col">{t('fleet.selfTest.expected')}</th>
                <th scope="col">{t('fleet.selfTest.measured')}</th>
                <th scope="col">{t('fleet.selfTest.verdict')}</th>
              </tr>
            </thead>
            <tbody>
              {result.steps.flatMap((step, i) =>
                (step.checks.length > 0 ? step.checks : [null]).map((check, j) => (
                  <tr
                    key={`${i}-${j}`}
                    data-testid="self-test-step"
                    data-passed={check ? check.passed : step.passed}
                  >
                    <td>
                      {j === 0 && <bdi>{step.name}</bdi>}
                      {j === 0 && step.error && <div className="field-error">{step.error}</div>}
                    </td>
                    <td>{check ? <bdi>{check.input}</bdi> : '—'}</td>
                    <td>
                      {check ? `${format(check.expected, 2)} ± ${format(check.tolerance, 2)}` : '—'}
                    </td>
                    <td>{check && check.measured !== null ? format(check.measured, 3) : '—'}</td>
                    <td>
                      {t(
                        (check ? check.passed : step.passed)
                          ? 'fleet.selfTest.ok'
                          : 'fleet.selfTest.ko',
                      )}
                    </td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
