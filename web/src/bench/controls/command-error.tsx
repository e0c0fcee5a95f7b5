import { useErrorMessage } from '../../i18n/error-message.ts';
import type { ClientError } from '../../realtime/client-ack.ts';

/** A refusal, next to the control it concerns; the server's own words are in the tooltip. */
export function CommandError({ id, error }: { id: string; error: ClientError | null }) {
  const message = useErrorMessage();
  return error ? (
    <p id={id} className="control-error" role="alert" data-code={error.code} title={error.message}>
      {message(error)}
    </p>
  ) : null;
}
