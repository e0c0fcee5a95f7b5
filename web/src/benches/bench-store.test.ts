import { describe, expect, it } from 'vitest';
import type { BenchView } from '@remotelab/protocol';
import { BenchStore, upsertBench } from './bench-store.ts';
import { benchViewFixture } from './bench-view.fixture.ts';

function bench(id: string, status: 'online' | 'offline' = 'online'): BenchView {
  return benchViewFixture(id, {
    name: id.toUpperCase(),
    status,
    sampleRateHz: status === 'online' ? 1000 : 0,
  });
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('upsertBench', () => {
  it('replaces in place and appends new benches', () => {
    const list = [bench('a'), bench('b')];
    expect(upsertBench(list, bench('a', 'offline')).map((b) => [b.id, b.status])).toEqual([
      ['a', 'offline'],
      ['b', 'online'],
    ]);
    expect(upsertBench(list, bench('c')).map((b) => b.id)).toEqual(['a', 'b', 'c']);
    expect(list.map((b) => b.status)).toEqual(['online', 'online']);
  });

  it('drops what the newer view no longer says (a resolved unsafe marker)', () => {
    const unsafe = benchViewFixture('a', { unsafe: { reason: 'safe state failed', since: 5 } });
    const [after] = upsertBench([unsafe], benchViewFixture('a'));
    expect(after).not.toHaveProperty('unsafe');
  });
});

describe('BenchStore', () => {
  it('loads the list, then takes pushes', async () => {
    const store = new BenchStore(async () => [bench('a')]);
    await store.load();
    expect(store.state.get()).toMatchObject({ loaded: true, loading: false, error: null });
    store.upsert(bench('a', 'offline'));
    expect(store.find('a')?.status).toBe('offline');
  });

  it('keeps what it had and says why when a load fails', async () => {
    let fail = false;
    const store = new BenchStore(async () => {
      if (fail) throw new Error('HTTP 502');
      return [bench('a')];
    });
    await store.load();
    fail = true;
    await store.load();
    expect(store.state.get()).toMatchObject({ loaded: true, error: 'HTTP 502' });
    expect(store.find('a')).toBeDefined();
  });

  it('lets the latest load win when two overlap', async () => {
    const first = deferred<BenchView[]>();
    const second = deferred<BenchView[]>();
    const answers = [first.promise, second.promise];
    const store = new BenchStore(() => answers.shift() ?? Promise.reject(new Error('extra call')));
    const a = store.load();
    const b = store.load();
    second.resolve([bench('new')]);
    await b;
    first.resolve([bench('old')]);
    await a;
    expect(store.state.get().benches.map((x) => x.id)).toEqual(['new']);
  });
});
