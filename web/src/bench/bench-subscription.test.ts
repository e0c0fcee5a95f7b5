import { describe, expect, it, vi } from 'vitest';
import type { BenchView } from '@remotelab/protocol';
import type { ClientAck } from '../realtime/client-ack.ts';
import { BenchSubscription } from './bench-subscription.ts';
import { benchViewFixture } from '../benches/bench-view.fixture.ts';

/** A lab whose subscribe answers are resolved by the test, one by one. */
function fakeLab() {
  const answers: Array<(ack: ClientAck<BenchView>) => void> = [];
  const connectListeners = new Set<() => void>();
  const stateListeners = new Set<(bench: BenchView) => void>();
  const lab = {
    connected: true,
    subscribe: vi.fn(() => new Promise<ClientAck<BenchView>>((resolve) => answers.push(resolve))),
    unsubscribe: vi.fn(async () => ({ status: 'ok', data: null }) as const),
    onConnect: (listener: () => void) => {
      connectListeners.add(listener);
      return () => connectListeners.delete(listener);
    },
    onBenchState: (listener: (bench: BenchView) => void) => {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
  };
  return {
    lab,
    answers,
    connect: () => connectListeners.forEach((listener) => listener()),
    push: (bench: Pick<BenchView, 'id' | 'status'>) =>
      stateListeners.forEach((listener) => listener(benchViewFixture(bench.id, bench))),
    listeners: () => connectListeners.size + stateListeners.size,
  };
}

const ok: ClientAck<BenchView> = { status: 'ok', data: benchViewFixture('rc') };
const unknown: ClientAck<BenchView> = {
  status: 'error',
  error: { code: 'UNKNOWN_BENCH', message: 'no such bench yet' },
};

describe('BenchSubscription', () => {
  it('subscribes again when the bench comes online after a refusal, and only then', async () => {
    const { lab, answers, push } = fakeLab();
    const onAnswer = vi.fn();
    new BenchSubscription(lab, 'rc', onAnswer).start();
    answers[0]!(unknown);
    await vi.waitFor(() => expect(onAnswer).toHaveBeenCalledWith(unknown));
    push({ id: 'other', status: 'online' });
    push({ id: 'rc', status: 'offline' });
    expect(lab.subscribe).toHaveBeenCalledTimes(1);
    push({ id: 'rc', status: 'online' });
    expect(lab.subscribe).toHaveBeenCalledTimes(2);
    answers[1]!(ok);
    await vi.waitFor(() => expect(onAnswer).toHaveBeenLastCalledWith(ok));
    push({ id: 'rc', status: 'online' });
    expect(lab.subscribe).toHaveBeenCalledTimes(2);
  });

  it('subscribes on every reconnection and ignores the answer of an older request', async () => {
    const { lab, answers, connect } = fakeLab();
    const onAnswer = vi.fn();
    new BenchSubscription(lab, 'rc', onAnswer).start();
    connect(); // the link dropped and came back before the first answer
    answers[1]!(ok);
    answers[0]!(unknown);
    await vi.waitFor(() => expect(onAnswer).toHaveBeenCalledWith(ok));
    await Promise.resolve();
    expect(onAnswer).toHaveBeenCalledTimes(1);
  });

  it('unsubscribes and stops listening when the page goes', () => {
    const { lab, listeners } = fakeLab();
    const subscription = new BenchSubscription(lab, 'rc', () => {});
    subscription.start();
    expect(listeners()).toBe(2);
    subscription.stop();
    expect(listeners()).toBe(0);
    expect(lab.unsubscribe).toHaveBeenCalledWith('rc');
  });
});
