import { useState } from 'react';
import type { Lab, Session } from '@remotelab/protocol';
import { useTranslation } from 'react-i18next';
import { sessionApi } from '../api/platform-api.ts';
import { useBench } from '../bench/use-bench.ts';
import { useBenchSubscription } from '../bench/use-bench-subscription.ts';
import { useErrorMessage } from '../i18n/error-message.ts';
import { MarkdownView } from '../markdown/markdown-view.tsx';
import { ErrorNotice, Loading } from '../shared/error-notice.tsx';
import { Countdown } from './countdown.tsx';
import { LinkQualityView } from './link-quality-view.tsx';
import { narrowBench } from './narrow.ts';
import { SessionBench } from './session-bench.tsx';

/**
 * A running (or finished) session: instructions, the bench narrowed to the lab, the countdown,
 * the link's quality, the recording. `readOnly` for observers (instructors, team mates).
 */
export function SessionView(props: {
  session: Session;
  lab: Lab | null;
  endsAt: number | null;
  readOnly: boolean;
  /** Why it ended, when the scheduler said so while the page was open. */
  endedReason: string | null;
  onEnded: (session: Session) => void;
}) {
  const { session, lab, endsAt, readOnly, endedReason, onEnded } = props;
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const bench = useBench(session.benchId);
  const { error } = useBenchSubscription(session.benchId);
  const [ending, setEnding] = useState(false);
  const [endError, setEndError] = useState<unknown>(null);
  const ended = session.status === 'ended' || endedReason !== null;

  const end = () => {
    setEnding(true);
    sessionApi.end(session.id).then(onEnded, (failure: unknown) => {
      setEnding(false);
      setEndError(failure);
    });
  };

  return (
    <div className="session" data-testid="session-view" data-status={ended ? 'ended' : 'active'}>
      <div className="session-bar">
        {!ended && endsAt !== null && <Countdown endsAt={endsAt} />}
        {ended && (
          <p className="notice" role="status" data-testid="session-ended">
            {t('session.ended')}
          </p>
        )}
        <LinkQualityView />
        <div className="form-actions">
          <a
            className="button-link"
            href={sessionApi.csvUrl(session.id)}
            download
            data-testid="download-csv"
          >
            {t('session.downloadCsv')}
          </a>
          {!readOnly && !ended && (
            <button type="button" onClick={end} disabled={ending} data-testid="end-session">
              {t('session.end')}
            </button>
          )}
        </div>
      </div>
      <ErrorNotice error={endError} />
      {error && error.code !== 'UNKNOWN_BENCH' && (
        <p className="notice" data-tone="error" role="alert" data-testid="subscribe-error">
          {t('bench.subscribeFailed', { reason: errorMessage(error) })}
        </p>
      )}
      <div className="session-grid">
        {lab && (lab.instructions || lab.steps.length > 0) && (
          <section className="panel instructions" aria-labelledby="instructions-title">
            <h3 id="instructions-title">{t('session.instructions')}</h3>
            <MarkdownView source={lab.instructions} headingOffset={3} />
            {lab.steps.length > 0 && (
              <ol className="steps">
                {lab.steps.map((step, i) => (
                  <li key={i}>
                    <strong>
                      <bdi>{step.title}</bdi>
                    </strong>
                    <MarkdownView source={step.body} headingOffset={4} />
                  </li>
                ))}
              </ol>
            )}
          </section>
        )}
        {bench ? (
          <SessionBench bench={narrowBench(bench, lab)} readOnly={readOnly} ended={ended} />
        ) : (
          <Loading />
        )}
      </div>
    </div>
  );
}
