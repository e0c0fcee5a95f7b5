import { useEffect, useState } from 'react';
import { useServices } from '../app/services.ts';
import type { ClientError } from '../realtime/client-ack.ts';

/**
 * Subscribes to a bench while the page is open: at once if connected, and again after every
 * reconnection (the server forgets a dropped socket's rooms). The ack's summary goes to the bench
 * store. Unsubscribes on leave. `retry()` tries again after a failure.
 */
export function useBenchSubscription(benchId: string): {
  error: ClientError | null;
  retry: () => void;
} {
  const { lab, benches } = useServices();
  const [error, setError] = useState<ClientError | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let open = true;
    const subscribe = () => {
      void lab.subscribe(benchId).then((ack) => {
        if (!open) return;
        if (ack.status === 'ok') {
          benches.upsert(ack.data);
          setError(null);
        } else {
          setError(ack.error);
        }
      });
    };
    const offConnect = lab.onConnect(subscribe);
    if (lab.connected) subscribe();
    return () => {
      open = false;
      offConnect();
      if (lab.connected) void lab.unsubscribe(benchId);
    };
  }, [lab, benches, benchId, attempt]);

  return { error, retry: () => setAttempt((n) => n + 1) };
}
