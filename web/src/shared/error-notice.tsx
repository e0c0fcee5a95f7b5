import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error.ts';
import { useErrorMessage } from '../i18n/error-message.ts';
import type { ClientErrorCode } from '../realtime/client-ack.ts';

/** A REST failure as a ClientError, so it is worded like the socket's refusals. */
function toClientError(error: unknown): { code: ClientErrorCode; message: string } {
  if (error instanceof ApiError) {
    return { code: (error.code ?? 'INTERNAL') as ClientErrorCode, message: error.message };
  }
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

function useApiErrorMessage(): (error: unknown) => string {
  const message = useErrorMessage();
  return (error) => message(toClientError(error));
}

/** An error with its code for tests, in the user's words, and an optional retry. */
export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const message = useApiErrorMessage();
  if (!error) return null;
  const { code, message: detail } = toClientError(error);
  return (
    <p className="notice" data-tone="error" role="alert" data-code={code} title={detail}>
      {message(error)}{' '}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('benches.retry')}
        </button>
      )}
    </p>
  );
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <p role="status" data-testid="loading">
      {t('common.loading')}
    </p>
  );
}
