import { useTranslation } from 'react-i18next';
import type { ClientError } from '../realtime/client-ack.ts';

/**
 * A refusal in the user's language when we know its code; otherwise the server's own sentence
 * (a newer server may send a code this page does not know yet).
 */
export function useErrorMessage(): (error: ClientError) => string {
  const { t, i18n } = useTranslation();
  return (error) => {
    const key = `errors.${error.code}` as const;
    // The key is built from a code: its value is one of the errors strings.
    if (i18n.exists(key)) return String(t(key));
    return error.message || t('errors.INTERNAL');
  };
}
