import { describe, expect, it } from 'vitest';
import { creditedParts } from './session-page.tsx';

describe('creditedParts', () => {
  it('splits the credited time into minutes and seconds, and never says nothing was credited', () => {
    expect(creditedParts(130_400)).toEqual({ minutes: 2, seconds: 10 });
    expect(creditedParts(59_600)).toEqual({ minutes: 1, seconds: 0 });
    expect(creditedParts(200)).toEqual({ minutes: 0, seconds: 1 });
  });
});
