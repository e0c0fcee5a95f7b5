import { useEffect, useState } from 'react';
import { useServices } from '../app/services.ts';
import type { ClientError } from '../realtime/client-ack.ts';
import { BenchSubscription } from './bench-subscription.ts';

/**
 * Subscribes to a bench while the page is open, and again after every reconnection or when the
 * bench comes online after a refusal (see BenchSubscription). The ack's bench view goes to the
 * bench store. Unsubscribes on leave. `retry()` tries again after a failure.
 */
export function useBenchSubscription(benchId: string): {
  error: ClientError | null;
  retry: () => void;
} {
  const { lab, benches } = useServices();
  const [error, setError] = useState<ClientError | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const subscription = new BenchSubscription(lab, benchId, (ack) => {
      if (ack.status === 'ok') {
        benches.upsert(ack.data);
        setError(null);
      } else {
        setError(ack.error);
      }
    });
    subscription.start();
    return () => subscription.stop();
  }, [lab, benches, benchId, attempt]);

  return { error, retry: () => setAttempt((n) => n + 1) };
}
