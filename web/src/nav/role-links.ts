import type { Role } from '@remotelab/protocol';
import type { Route } from '../app/hash-route.ts';

export type NavKey = 'labs' | 'history' | 'courses' | 'live' | 'fleet' | 'fleetLog' | 'benches';

export interface NavLink {
  key: NavKey;
  route: Route;
  /** The pages under this entry (it is marked current on any of them). */
  pages: readonly Route['page'][];
}

const LINKS: Record<NavKey, NavLink> = {
  labs: { key: 'labs', route: { page: 'labs' }, pages: ['labs', 'lab', 'session'] },
  history: { key: 'history', route: { page: 'history' }, pages: ['history'] },
  courses: {
    key: 'courses',
    route: { page: 'courses' },
    pages: ['courses', 'course', 'lab-new', 'lab-edit', 'results'],
  },
  live: { key: 'live', route: { page: 'live' }, pages: ['live', 'observe'] },
  fleet: { key: 'fleet', route: { page: 'fleet' }, pages: ['fleet'] },
  fleetLog: { key: 'fleetLog', route: { page: 'fleet-log' }, pages: ['fleet-log'] },
  benches: { key: 'benches', route: { page: 'benches' }, pages: ['benches', 'bench'] },
};

/** What each role finds in the navigation, in order; the first entry is its home page. */
const NAV_BY_ROLE: Record<Role, readonly NavKey[]> = {
  student: ['labs', 'history', 'benches'],
  instructor: ['courses', 'live', 'benches'],
  technician: ['fleet', 'fleetLog', 'benches'],
  admin: ['courses', 'live', 'fleet', 'fleetLog', 'benches'],
};

export function navFor(role: Role | null): NavLink[] {
  return role ? NAV_BY_ROLE[role].map((key) => LINKS[key]) : [LINKS.benches];
}

/** Who may open each page; pages not listed are open to everyone. */
const ACCESS: Partial<Record<Route['page'], readonly Role[] | 'signed-in'>> = {
  labs: ['student', 'instructor', 'admin'],
  lab: ['student', 'instructor', 'admin'],
  session: ['student', 'instructor', 'admin'],
  history: ['student', 'instructor', 'admin'],
  courses: ['instructor', 'admin'],
  course: ['instructor', 'admin'],
  'lab-new': ['instructor', 'admin'],
  'lab-edit': ['instructor', 'admin'],
  results: ['instructor', 'admin'],
  live: ['instructor', 'admin'],
  observe: ['instructor', 'admin'],
  fleet: ['technician', 'admin'],
  'fleet-log': ['technician', 'admin'],
};

export type PageAccess = 'open' | 'sign-in' | 'forbidden';

export function pageAccess(page: Route['page'], role: Role | null): PageAccess {
  const rule = ACCESS[page];
  if (!rule) return 'open';
  if (!role) return 'sign-in';
  if (rule === 'signed-in') return 'open';
  return rule.includes(role) ? 'open' : 'forbidden';
}

/** The page `#/` shows: the role's first entry, or the public bench list. */
export function homeOf(role: Role | null): Route {
  return role ? LINKS[NAV_BY_ROLE[role][0] ?? 'benches'].route : { page: 'benches' };
}
