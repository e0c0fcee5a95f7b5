import { describe, expect, it } from 'vitest';
import type { BenchQuarantine } from '@remotelab/protocol';
import type { QuarantineStore } from './quarantine-store.ts';

/** What the contract needs of the store under test. */
export interface QuarantineStoreHarness {
  /** A fresh, empty store. */
  create(): QuarantineStore;
  /**
   * Present only for durable stores (the ones an agent restart must not forget): a new instance
   * over the same backing state as `store`, as the next agent process would open it.
   */
  reopen?(store: QuarantineStore): QuarantineStore;
  /** Overwrites the backing state of `store` with `text` (a file edited or cut short). */
  corrupt?(store: QuarantineStore, text: string): void;
}

const failedSelfTest: BenchQuarantine = {
  reason: 'self-test: A0 read 2.5 V, expected 0 V',
  since: 1_000,
};
const unplugged: BenchQuarantine = {
  reason: 'board unplugged three times in an hour',
  since: 2_000,
};

/**
 * The QuarantineStore contract (see quarantine-store.ts), one numbered rule per test, run against
 * every implementation: MemoryQuarantineStore, and FileQuarantineStore in a temporary directory.
 * Rules 5 and 6 hold only for durable stores; the harness declares one by giving `reopen`.
 */
export function quarantineStoreContract(name: string, h: QuarantineStoreHarness): void {
  describe(`QuarantineStore contract: ${name}`, () => {
    it('1. a bench never set has no quarantine', () => {
      expect(h.create().get('rc-1')).toBeUndefined();
    });

    it('2. get returns what set stored, and a second set replaces it', () => {
      const store = h.create();
      store.set('rc-1', failedSelfTest);
      expect(store.get('rc-1')).toEqual(failedSelfTest);
      store.set('rc-1', unplugged);
      expect(store.get('rc-1')).toEqual(unplugged);
    });

    it('3. set with undefined clears it; clearing a clear bench is harmless', () => {
      const store = h.create();
      store.set('rc-1', failedSelfTest);
      store.set('rc-1', undefined);
      expect(store.get('rc-1')).toBeUndefined();
      store.set('rc-1', undefined);
      expect(store.get('rc-1')).toBeUndefined();
    });

    it('4. benches are independent: setting or clearing one leaves the others', () => {
      const store = h.create();
      store.set('rc-1', failedSelfTest);
      store.set('rc-2', unplugged);
      store.set('rc-1', undefined);
      expect(store.get('rc-1')).toBeUndefined();
      expect(store.get('rc-2')).toEqual(unplugged);
    });

    it.runIf(h.reopen !== undefined)(
      '5. (durable) a new instance sees what the previous one set and cleared: it survives a restart',
      () => {
        const store = h.create();
        store.set('rc-1', failedSelfTest);
        store.set('rc-2', unplugged);
        store.set('rc-3', failedSelfTest);
        store.set('rc-3', undefined);
        const after = h.reopen!(store);
        expect(after.get('rc-1')).toEqual(failedSelfTest);
        expect(after.get('rc-2')).toEqual(unplugged);
        expect(after.get('rc-3')).toBeUndefined();
        // And what the new instance changes, the one after it sees.
        after.set('rc-1', undefined);
        expect(h.reopen!(after).get('rc-1')).toBeUndefined();
        expect(h.reopen!(after).get('rc-2')).toEqual(unplugged);
      },
    );

    it.runIf(h.reopen !== undefined)(
      '6. (durable) unreadable state is an error at start, never an empty store',
      () => {
        const store = h.create();
        store.set('rc-1', failedSelfTest);
        for (const text of [
          '{"quarantines": {"rc-1": {"reason": "self-te', // cut short mid-write
          '{"quarantines": {"rc-1": {"since": "yesterday"}}}', // JSON, not a quarantine
          '',
        ]) {
          h.corrupt!(store, text);
          expect(() => h.reopen!(store), JSON.stringify(text)).toThrow(/not an agent state file/);
        }
      },
    );
  });
}
