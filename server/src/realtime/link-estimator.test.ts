import { describe, expect, it } from 'vitest';
import { LinkEstimator } from './link-estimator.ts';

describe('LinkEstimator', () => {
  it('counts bytes in flight and acked, from the sizes of the sends', () => {
    const link = new LinkEstimator();
    const a = link.onSend(300, 0);
    const b = link.onSend(500, 10);
    expect([link.inFlightBytes, link.inFlightSends]).toEqual([800, 2]);
    expect(link.onAck(a, 400)).toBe(400);
    expect([link.inFlightBytes, link.deliveredBytes]).toEqual([500, 300]);
    link.onAck(b, 450);
    expect([link.inFlightBytes, link.inFlightSends, link.deliveredBytes]).toEqual([0, 0, 800]);
  });

  it('keeps the smallest RTT of the last 10 s as the base, so a new route is learnt', () => {
    const link = new LinkEstimator();
    link.onAck(link.onSend(100, 0), 400);
    link.onAck(link.onSend(100, 1000), 1900); // queued: 900 ms
    expect(link.minRttMs).toBe(400);
    // 10 s later the 400 ms sample has aged out; the path is now 600 ms.
    link.onAck(link.onSend(100, 10_000), 10_600);
    link.onAck(link.onSend(100, 10_500), 11_100);
    expect(link.minRttMs).toBe(600);
    expect(link.srttMs).toBeGreaterThan(400);
  });
});
