import { useEffect, useMemo, useState } from 'react';
import { useServices } from '../app/services.ts';
import { LinkMeter, frameBytes } from './link-meter.ts';

export interface LinkQuality {
  kbitPerSecond: number;
  rttMs: number | null;
}

/** How often the round trip is measured: a small request, so a slow link hardly notices. */
const PROBE_MS = 10_000;

/**
 * Measures the link while a session page is open: the stream's bytes (a second listener on the
 * socket's `frame` events; LabSocket acks them) and the round trip of `HEAD /api/health` (no
 * body: a few hundred bytes each time). Updated once a second.
 */
export function useLinkQuality(): LinkQuality {
  const { socket } = useServices();
  const meter = useMemo(() => new LinkMeter(), []);
  const [quality, setQuality] = useState<LinkQuality>({ kbitPerSecond: 0, rttMs: null });

  useEffect(() => {
    const onFrame = (frame: unknown) => meter.recordBytes(frameBytes(frame), performance.now());
    // A listener of `unknown` fits the typed `frame` event: it only weighs the packed bytes.
    socket.on('frame', onFrame);
    const probe = async () => {
      const started = performance.now();
      const response = await fetch('/api/health', { method: 'HEAD', cache: 'no-store' }).catch(
        () => null,
      );
      if (response) meter.recordRtt(performance.now() - started);
    };
    void probe();
    const probes = setInterval(() => void probe(), PROBE_MS);
    const tick = setInterval(
      () =>
        setQuality({
          kbitPerSecond: Math.round(meter.kbitPerSecond(performance.now()) * 10) / 10,
          rttMs: meter.rttMs === null ? null : Math.round(meter.rttMs),
        }),
      1000,
    );
    return () => {
      socket.off('frame', onFrame);
      clearInterval(probes);
      clearInterval(tick);
    };
  }, [socket, meter]);

  return quality;
}
