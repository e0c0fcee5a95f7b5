import { describe, expect, it } from 'vitest';
import { ChannelRing } from './channel-ring.ts';

function contents(ring: ChannelRing): number[] {
  const out = new Float64Array(ring.capacity);
  return Array.from(out.subarray(0, ring.copyInto(out)));
}

describe('ChannelRing', () => {
  it('starts empty: no length, NaN latest, nothing copied', () => {
    const ring = new ChannelRing(4);
    expect(ring.length).toBe(0);
    expect(ring.latest()).toBeNaN();
    expect(ring.at(0)).toBeNaN();
    expect(contents(ring)).toEqual([]);
  });

  it('keeps values in push order until full', () => {
    const ring = new ChannelRing(4);
    [1, 2, 3].forEach((v) => ring.push(v));
    expect(ring.length).toBe(3);
    expect(ring.latest()).toBe(3);
    expect(contents(ring)).toEqual([1, 2, 3]);
  });

  it('overwrites the oldest values once full and copies them in order across the wrap', () => {
    const ring = new ChannelRing(4);
    for (let v = 1; v <= 10; v += 1) ring.push(v);
    expect(ring.length).toBe(4);
    expect(ring.latest()).toBe(10);
    expect(contents(ring)).toEqual([7, 8, 9, 10]);
    expect([0, 1, 2, 3].map((i) => ring.at(i))).toEqual([7, 8, 9, 10]);
    expect(ring.at(4)).toBeNaN();
    expect(ring.at(-1)).toBeNaN();
  });

  it('copies correctly when the head sits exactly at the end (no wrap)', () => {
    const ring = new ChannelRing(3);
    [1, 2, 3, 4, 5, 6].forEach((v) => ring.push(v));
    expect(contents(ring)).toEqual([4, 5, 6]);
  });

  it('works with a capacity of one', () => {
    const ring = new ChannelRing(1);
    ring.push(5);
    ring.push(6);
    expect(ring.length).toBe(1);
    expect(contents(ring)).toEqual([6]);
  });

  it('keeps NaN as a value (a channel missing from a frame)', () => {
    const ring = new ChannelRing(2);
    ring.push(NaN);
    expect(ring.length).toBe(1);
    expect(ring.latest()).toBeNaN();
  });

  it('clears back to empty', () => {
    const ring = new ChannelRing(3);
    [1, 2, 3, 4].forEach((v) => ring.push(v));
    ring.clear();
    expect(ring.length).toBe(0);
    ring.push(9);
    expect(contents(ring)).toEqual([9]);
  });

  it('refuses a bad capacity and a too-small copy target', () => {
    expect(() => new ChannelRing(0)).toThrow(RangeError);
    expect(() => new ChannelRing(2.5)).toThrow(RangeError);
    const ring = new ChannelRing(3);
    [1, 2, 3].forEach((v) => ring.push(v));
    expect(() => ring.copyInto(new Float64Array(2))).toThrow(RangeError);
  });
});
