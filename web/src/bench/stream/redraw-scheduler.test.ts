import { describe, expect, it, vi } from 'vitest';
import { RedrawScheduler } from './redraw-scheduler.ts';
import type { FrameTimer } from './redraw-scheduler.ts';

function fakeTimer() {
  const queue = new Map<number, (now: number) => void>();
  let next = 1;
  const timer: FrameTimer = {
    request: (callback) => {
      queue.set(next, callback);
      return next++;
    },
    cancel: (handle) => void queue.delete(handle),
  };
  const tick = (now: number) => {
    const callbacks = [...queue.values()];
    queue.clear();
    callbacks.forEach((callback) => callback(now));
  };
  return { timer, tick, pending: () => queue.size };
}

describe('RedrawScheduler', () => {
  it('draws once per animation frame however many frames arrived', () => {
    const { timer, tick, pending } = fakeTimer();
    const scheduler = new RedrawScheduler(timer);
    const draw = vi.fn();
    scheduler.onDraw(draw);
    for (let i = 0; i < 50; i += 1) scheduler.markDirty();
    expect(pending()).toBe(1);
    expect(draw).not.toHaveBeenCalled();
    tick(16);
    expect(draw).toHaveBeenCalledTimes(1);
    expect(draw).toHaveBeenCalledWith(16);
  });

  it('does not draw when nothing changed', () => {
    const { timer, tick, pending } = fakeTimer();
    const scheduler = new RedrawScheduler(timer);
    const draw = vi.fn();
    scheduler.onDraw(draw);
    scheduler.markDirty();
    tick(16);
    tick(32);
    expect(draw).toHaveBeenCalledTimes(1);
    expect(pending()).toBe(0);
    scheduler.markDirty();
    tick(48);
    expect(draw).toHaveBeenCalledTimes(2);
  });

  it('stops drawing for a removed drawer, and drops a pending draw on cancel', () => {
    const { timer, tick, pending } = fakeTimer();
    const scheduler = new RedrawScheduler(timer);
    const kept = vi.fn();
    const removed = vi.fn();
    scheduler.onDraw(kept);
    scheduler.onDraw(removed)();
    scheduler.markDirty();
    tick(16);
    expect(kept).toHaveBeenCalledTimes(1);
    expect(removed).not.toHaveBeenCalled();
    scheduler.markDirty();
    scheduler.cancel();
    expect(pending()).toBe(0);
    tick(32);
    expect(kept).toHaveBeenCalledTimes(1);
  });
});
