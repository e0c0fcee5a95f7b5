import { useTranslation } from 'react-i18next';
import { hrefFor } from '../app/hash-route.ts';
import { ErrorNotice, Loading } from '../shared/error-notice.tsx';
import { Page } from '../shared/page.tsx';
import { useLoad } from '../shared/use-load.ts';
import { loadSession } from '../session/session-page.tsx';
import { sessionEndsAt } from '../session/session-clock.ts';
import { SessionView } from '../session/session-view.tsx';

/** `#/teach/observe/<id>`: a student's session as they see it, without the controls. */
export function ObservePage({ sessionId }: { sessionId: string }) {
  const { t } = useTranslation();
  const loaded = useLoad(() => loadSession(sessionId), sessionId);
  const data = loaded.data;
  return (
    <Page title={t('live.observeTitle')} testId="observe-page">
      <p>
        <a href={hrefFor({ page: 'live' })}>{t('live.back')}</a>
      </p>
      {loaded.loading && !data && <Loading />}
      <ErrorNotice error={loaded.error} onRetry={loaded.reload} />
      {data && (
        <SessionView
          session={data.session}
          lab={data.lab}
          endsAt={sessionEndsAt({
            bookingEnd: data.bookingEnd,
            startedAt: data.session.startedAt,
            slotMinutes: data.lab?.slotMinutes ?? null,
          })}
          readOnly
          endedReason={null}
          onEnded={() => loaded.reload()}
        />
      )}
    </Page>
  );
}
