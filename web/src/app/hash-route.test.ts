import { describe, expect, it } from 'vitest';
import { hrefFor, parseHash, parseLocation } from './hash-route.ts';
import type { Route } from './hash-route.ts';

describe('hash routes', () => {
  it('reads a bench page', () => {
    expect(parseHash('#/bench/rc-filter')).toEqual({ page: 'bench', benchId: 'rc-filter' });
    expect(parseHash('#/bench/rc-filter/')).toEqual({ page: 'bench', benchId: 'rc-filter' });
  });

  it('reads the pages of each role', () => {
    const id = '6f1c2a8e-5a8b-4c1e-9d51-0c6c1e2a3b4c';
    expect(parseHash('#/labs')).toEqual({ page: 'labs' });
    expect(parseHash(`#/labs/${id}`)).toEqual({ page: 'lab', labId: id });
    expect(parseHash(`#/sessions/${id}`)).toEqual({ page: 'session', sessionId: id });
    expect(parseHash('#/teach')).toEqual({ page: 'courses' });
    expect(parseHash(`#/teach/courses/${id}/new-lab`)).toEqual({ page: 'lab-new', courseId: id });
    expect(parseHash(`#/teach/labs/${id}/results`)).toEqual({ page: 'results', labId: id });
    expect(parseHash('#/fleet/log')).toEqual({ page: 'fleet-log' });
  });

  it('shows the home page for anything else', () => {
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
      expect(parseHash(hash), hash).toEqual({ page: 'home' });
    }
    expect(parseHash(`#/bench/${'x'.repeat(81)}`)).toEqual({ page: 'home' });
  });

  it('round-trips through hrefFor, escaping what needs it', () => {
    expect(hrefFor({ page: 'home' })).toBe('#/');
    expect(hrefFor({ page: 'benches' })).toBe('#/benches');
    expect(hrefFor({ page: 'bench', benchId: 'rc-filter' })).toBe('#/bench/rc-filter');
    const routes: Route[] = [
      { page: 'bench', benchId: 'a b/c' },
      { page: 'observe', sessionId: 'x' },
      { page: 'lab-edit', labId: 'y' },
      { page: 'fleet' },
    ];
    for (const route of routes) expect(parseHash(hrefFor(route))).toEqual(route);
  });

  it('opens the reset form from the link the server mails', () => {
    const token = 'A'.repeat(43);
    expect(
      parseLocation({ pathname: '/reset-password', search: `?token=${token}`, hash: '' }),
    ).toEqual({ page: 'reset-confirm', token });
    expect(
      parseLocation({ pathname: '/reset-password', search: '?token=short', hash: '' }),
    ).toEqual({ page: 'home' });
    expect(parseLocation({ pathname: '/', search: '', hash: '#/fleet' })).toEqual({
      page: 'fleet',
    });
  });
});
