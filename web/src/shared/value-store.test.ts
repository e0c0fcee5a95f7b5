import { describe, expect, it, vi } from 'vitest';
import { ValueStore } from './value-store.ts';

describe('ValueStore', () => {
  it('notifies on change only, and stops after unsubscribe', () => {
    const store = new ValueStore(1);
    const listener = vi.fn();
    const off = store.subscribe(listener);
    store.set(1);
    expect(listener).not.toHaveBeenCalled();
    store.set(2);
    expect(store.get()).toBe(2);
    expect(listener).toHaveBeenCalledTimes(1);
    off();
    store.set(3);
    expect(listener).toHaveBeenCalledTimes(1);
  });
});
