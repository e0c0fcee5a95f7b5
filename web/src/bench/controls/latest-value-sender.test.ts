import { describe, expect, it, vi } from 'vitest';
import { LatestValueSender } from './latest-value-sender.ts';
import type { Settled } from './latest-value-sender.ts';

/** A send function whose calls are answered by the test, in any order it likes. */
function scriptedSend() {
  const calls: { value: number; resolve: (r: string) => void; reject: (e: unknown) => void }[] = [];
  const send = (value: number) =>
    new Promise<string>((resolve, reject) => calls.push({ value, resolve, reject }));
  return { send, calls };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup() {
  const { send, calls } = scriptedSend();
  const settled: Settled<number, string>[] = [];
  const sender = new LatestValueSender<number, string>(
    send,
    (s) => settled.push(s),
    (error) => `rejected: ${String(error)}`,
  );
  return { sender, calls, settled };
}

describe('LatestValueSender', () => {
  it('sends at once when idle', () => {
    const { sender, calls } = setup();
    sender.submit(1);
    expect(calls.map((c) => c.value)).toEqual([1]);
    expect(sender.busy).toBe(true);
  });

  it('keeps one value in flight and sends only the latest of the values submitted meanwhile', async () => {
    const { sender, calls, settled } = setup();
    sender.submit(1);
    sender.submit(2);
    sender.submit(3);
    sender.submit(4);
    expect(calls.map((c) => c.value)).toEqual([1]);
    calls[0]?.resolve('ok 1');
    await flush();
    expect(calls.map((c) => c.value)).toEqual([1, 4]);
    expect(settled).toEqual([{ value: 1, result: 'ok 1', superseded: true }]);
    calls[1]?.resolve('ok 4');
    await flush();
    expect(settled.at(-1)).toEqual({ value: 4, result: 'ok 4', superseded: false });
    expect(sender.busy).toBe(false);
    expect(calls).toHaveLength(2);
  });

  it('goes on after a refused value, reporting the refusal', async () => {
    const { sender, calls, settled } = setup();
    sender.submit(150);
    calls[0]?.resolve('OUT_OF_RANGE');
    await flush();
    expect(settled).toEqual([{ value: 150, result: 'OUT_OF_RANGE', superseded: false }]);
    sender.submit(50);
    expect(calls.map((c) => c.value)).toEqual([150, 50]);
  });

  it('never stays busy when send rejects or throws', async () => {
    const { calls, settled, sender } = setup();
    sender.submit(1);
    calls[0]?.reject('network');
    await flush();
    expect(settled).toEqual([{ value: 1, result: 'rejected: network', superseded: false }]);
    expect(sender.busy).toBe(false);

    const onSettled = vi.fn();
    const throwing = new LatestValueSender<number, string>(
      () => {
        throw new Error('sync');
      },
      onSettled,
      () => 'failed',
    );
    throwing.submit(1);
    await flush();
    expect(onSettled).toHaveBeenCalledWith({ value: 1, result: 'failed', superseded: false });
    expect(throwing.busy).toBe(false);
  });

  it('after dispose, sends nothing more and reports nothing', async () => {
    const { sender, calls, settled } = setup();
    sender.submit(1);
    sender.submit(2);
    sender.dispose();
    calls[0]?.resolve('ok');
    await flush();
    sender.submit(3);
    expect(calls).toHaveLength(1);
    expect(settled).toEqual([]);
  });
});
