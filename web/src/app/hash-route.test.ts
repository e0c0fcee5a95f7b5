import { describe, expect, it } from 'vitest';
import { hrefFor, parseHash } from './hash-route.ts';

describe('hash routes', () => {
  it('reads a bench page', () => {
    expect(parseHash('#/bench/rc-filter')).toEqual({ page: 'bench', benchId: 'rc-filter' });
    expect(parseHash('#/bench/rc-filter/')).toEqual({ page: 'bench', benchId: 'rc-filter' });
  });

  it('shows the list for anything else', () => {
    for (const hash of [
      '',
      '#',
      '#/',
      '#/bench/',
      '#/bench',
      '#/other/x',
      '#/bench/a/b',
      '#/bench/%E0%A4%A',
    ]) {
      expect(parseHash(hash), hash).toEqual({ page: 'benches' });
    }
    expect(parseHash(`#/bench/${'x'.repeat(41)}`)).toEqual({ page: 'benches' });
  });

  it('round-trips through hrefFor, escaping what needs it', () => {
    expect(hrefFor({ page: 'benches' })).toBe('#/');
    expect(hrefFor({ page: 'bench', benchId: 'rc-filter' })).toBe('#/bench/rc-filter');
    const odd = { page: 'bench', benchId: 'a b/c' } as const;
    expect(parseHash(hrefFor(odd))).toEqual(odd);
  });
});
