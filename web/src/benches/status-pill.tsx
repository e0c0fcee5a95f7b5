import type { BenchStatus } from '@remotelab/protocol';
import { useTranslation } from 'react-i18next';

export function StatusPill({ status }: { status: BenchStatus }) {
  const { t } = useTranslation();
  return (
    <span className="pill" data-status={status}>
      {t(`status.${status}`)}
    </span>
  );
}
