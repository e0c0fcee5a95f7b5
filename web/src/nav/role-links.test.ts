import { describe, expect, it } from 'vitest';
import { ROLES } from '@remotelab/protocol';
import { homeOf, navFor, pageAccess } from './role-links.ts';

describe('role-aware navigation', () => {
  it('gives each role its own entries and home page', () => {
    expect(navFor('student').map((l) => l.key)).toEqual(['labs', 'history', 'benches']);
    expect(navFor('instructor').map((l) => l.key)).toEqual(['courses', 'live', 'benches']);
    expect(navFor('technician').map((l) => l.key)).toEqual(['fleet', 'fleetLog', 'benches']);
    expect(navFor(null).map((l) => l.key)).toEqual(['benches']);
    expect(homeOf('student')).toEqual({ page: 'labs' });
    expect(homeOf('technician')).toEqual({ page: 'fleet' });
    expect(homeOf(null)).toEqual({ page: 'benches' });
  });

  it('asks to sign in before a private page and refuses the wrong role', () => {
    expect(pageAccess('session', null)).toBe('sign-in');
    expect(pageAccess('fleet', 'student')).toBe('forbidden');
    expect(pageAccess('lab-new', 'student')).toBe('forbidden');
    expect(pageAccess('fleet', 'technician')).toBe('open');
    expect(pageAccess('bench', null)).toBe('open');
  });

  it('lets every role reach every page its navigation links to', () => {
    for (const role of ROLES) {
      for (const link of navFor(role))
        expect(pageAccess(link.route.page, role), link.key).toBe('open');
    }
  });
});
