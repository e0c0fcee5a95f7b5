import { useId, useState } from 'react';
import type { Group } from '@remotelab/protocol';
import { useTranslation } from 'react-i18next';
import { courseApi } from '../api/platform-api.ts';
import { useNumberFormat } from '../i18n/use-format.ts';
import { ErrorNotice } from '../shared/error-notice.tsx';
import { useLoad } from '../shared/use-load.ts';
import { chunks, parseMemberCsv } from './member-csv.ts';

/** One group: its students, and more of them from pasted or uploaded CSV. */
export function GroupPanel({ group, onChanged }: { group: Group; onChanged: () => void }) {
  const { t } = useTranslation();
  const format = useNumberFormat();
  const id = useId();
  const members = useLoad(
    () => courseApi.members(group.courseId, group.id),
    `${group.id}|${group.memberCount}`,
  );
  const [csv, setCsv] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const parsed = parseMemberCsv(csv);

  const readFile = (file: File | undefined) => {
    if (file) void file.text().then(setCsv);
  };
  const importCsv = async () => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      let added = 0;
      for (const part of chunks(parsed.emails)) {
        added += (await courseApi.addMembers(group.courseId, group.id, part)).added;
      }
      setResult(t('groups.imported', { n: format(added) }));
      setCsv('');
      onChanged();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <details className="panel" data-testid="group-panel" data-group={group.name}>
      <summary>
        <bdi>{group.name}</bdi> · {t('groups.members', { n: format(group.memberCount) })}
      </summary>
      <ul className="plain-list">
        {members.data?.map((m) => (
          <li key={m.id}>
            <bdi>{m.displayName}</bdi>{' '}
            <span className="muted" dir="ltr">
              {m.email}
            </span>
          </li>
        ))}
      </ul>
      <div className="field">
        <label htmlFor={`${id}-csv`}>{t('groups.csvLabel')}</label>
        <textarea
          id={`${id}-csv`}
          rows={4}
          dir="ltr"
          value={csv}
          aria-describedby={`${id}-csv-hint`}
          onChange={(e) => setCsv(e.currentTarget.value)}
          data-testid="members-csv"
        />
        <small id={`${id}-csv-hint`}>{t('groups.csvHint')}</small>
      </div>
      <div className="field">
        <label htmlFor={`${id}-file`}>{t('groups.csvFile')}</label>
        <input
          id={`${id}-file`}
          type="file"
          accept=".csv,text/csv,text/plain"
          onChange={(e) => readFile(e.currentTarget.files?.[0])}
        />
      </div>
      {csv.trim() !== '' && (
        <p role="status">
          {t('groups.preview', { n: format(parsed.emails.length) })}
          {parsed.badLines.length > 0 &&
            ` ${t('groups.badLines', { lines: parsed.badLines.map((n) => format(n)).join(', ') })}`}
        </p>
      )}
      <ErrorNotice error={error} />
      {result && (
        <p className="notice" data-tone="ok" role="status">
          {result}
        </p>
      )}
      <div className="form-actions">
        <button
          type="button"
          className="primary"
          disabled={busy || parsed.emails.length === 0}
          onClick={() => void importCsv()}
          data-testid="members-import"
        >
          {t('groups.import')}
        </button>
      </div>
    </details>
  );
}
