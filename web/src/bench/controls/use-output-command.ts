import { useCallback, useEffect, useRef, useState } from 'react';
import type { CommandApplied, OutputValue } from '@remotelab/protocol';
import { useServices } from '../../app/services.ts';
import { clientError } from '../../realtime/client-ack.ts';
import type { ClientAck, ClientError } from '../../realtime/client-ack.ts';
import { LatestValueSender } from './latest-value-sender.ts';

export interface OutputCommand<V extends OutputValue> {
  /** What the control shows: the value being sent, else the last applied, else the reported one. */
  value: V;
  /** A value is on its way or waiting for the one in flight. */
  busy: boolean;
  /** Why the last value was refused, until the next one is sent. */
  error: ClientError | null;
  submit: (value: V) => void;
}

/**
 * Drives one output: values go out one at a time (latest wins, see LatestValueSender). A refused
 * value is not kept: the control returns to what the bench really has, and says why.
 * `reported` is the bench's own value from its view; a change of it wins over an older ack.
 */
export function useOutputCommand<V extends OutputValue>(
  benchId: string,
  outputId: string,
  reported: V,
): OutputCommand<V> {
  const { lab } = useServices();
  const [wanted, setWanted] = useState<{ value: V } | null>(null);
  const [applied, setApplied] = useState<{ value: V; basis: V } | null>(null);
  const [error, setError] = useState<ClientError | null>(null);
  const sender = useRef<LatestValueSender<V, ClientAck<CommandApplied>> | null>(null);
  const reportedRef = useRef(reported);
  reportedRef.current = reported;

  useEffect(() => {
    const current = new LatestValueSender<V, ClientAck<CommandApplied>>(
      (value) => lab.command({ benchId, output: outputId, value }),
      ({ value, result, superseded }) => {
        if (superseded) return;
        setWanted(null);
        if (result.status === 'ok') {
          const confirmed =
            typeof result.data.value === typeof value ? (result.data.value as V) : value;
          setApplied({ value: confirmed, basis: reportedRef.current });
          setError(null);
        } else {
          setError(result.error);
        }
      },
      () => clientError('INTERNAL', 'The command could not be sent.'),
    );
    sender.current = current;
    return () => {
      current.dispose();
      sender.current = null;
    };
  }, [lab, benchId, outputId]);

  const submit = useCallback((value: V) => {
    setWanted({ value });
    setError(null);
    sender.current?.submit(value);
  }, []);

  const confirmed = applied && Object.is(applied.basis, reported) ? applied.value : reported;
  return { value: wanted ? wanted.value : confirmed, busy: wanted !== null, error, submit };
}
