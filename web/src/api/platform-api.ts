import type {
  AuditEntry,
  BenchEnrollment,
  BenchView,
  Course,
  Group,
  Lab,
  LabInput,
  Me,
  SelfTestResult,
  Session,
  User,
} from '@remotelab/protocol';
import { del, get, patch, post, put, query, segment } from './http.ts';

/** The REST routes of server/src/http/routes/*, one function each. Types only from protocol. */

export const authApi = {
  me: () => get<Me>('/auth/me', { quiet401: true }),
  signIn: (email: string, password: string) =>
    post<Me>('/auth/sign-in', { email, password }, { quiet401: true }),
  signOut: () => post<void>('/auth/sign-out'),
  updateMe: (change: { locale?: 'ar' | 'fr' | 'en'; timezone?: string; displayName?: string }) =>
    patch<User>('/auth/me', change),
  requestReset: (email: string) =>
    post<{ status: 'accepted' }>('/auth/password-reset', { email }, { quiet401: true }),
  confirmReset: (token: string, password: string) =>
    post<void>('/auth/password-reset/confirm', { token, password }, { quiet401: true }),
};

export interface Member {
  id: string;
  email: string;
  displayName: string;
}

export const courseApi = {
  list: () => get<Course[]>('/courses'),
  create: (code: string, title: string) => post<Course>('/courses', { code, title }),
  groups: (courseId: string) => get<Group[]>(`/courses/${segment(courseId)}/groups`),
  createGroup: (courseId: string, name: string) =>
    post<Group>(`/courses/${segment(courseId)}/groups`, { name }),
  members: (courseId: string, groupId: string) =>
    get<Member[]>(`/courses/${segment(courseId)}/groups/${segment(groupId)}/members`),
  addMembers: (courseId: string, groupId: string, emails: string[]) =>
    post<{ added: number }>(`/courses/${segment(courseId)}/groups/${segment(groupId)}/members`, {
      emails,
    }),
  removeMember: (courseId: string, groupId: string, userId: string) =>
    del<void>(
      `/courses/${segment(courseId)}/groups/${segment(groupId)}/members/${segment(userId)}`,
    ),
};

export const labApi = {
  ofCourse: (courseId: string) => get<Lab[]>(`/courses/${segment(courseId)}/labs`),
  get: (labId: string) => get<Lab>(`/labs/${segment(labId)}`),
  create: (courseId: string, lab: LabInput) => post<Lab>(`/courses/${segment(courseId)}/labs`, lab),
  replace: (labId: string, lab: LabInput) => put<Lab>(`/labs/${segment(labId)}`, lab),
};

export const benchApi = {
  list: () => get<BenchView[]>('/benches'),
  setFlag: (benchId: string, kind: 'maintenance' | 'quarantine', reason: string) =>
    put<BenchView>(`/benches/${segment(benchId)}/${kind}`, { reason }),
  clearFlag: (benchId: string, kind: 'maintenance' | 'quarantine') =>
    del<BenchView>(`/benches/${segment(benchId)}/${kind}`),
  selfTest: (benchId: string) => post<SelfTestResult>(`/benches/${segment(benchId)}/self-test`),
};

/** Which lab-agent each bench belongs to (bench-enrollment.routes.ts). */
export const enrollmentApi = {
  list: () => get<BenchEnrollment[]>('/bench-enrollments'),
  approve: (benchId: string, agentId: string) =>
    post<BenchEnrollment[]>(`/bench-enrollments/${segment(benchId)}/${segment(agentId)}/approve`),
  reject: (benchId: string, agentId: string) =>
    del<BenchEnrollment[]>(`/bench-enrollments/${segment(benchId)}/${segment(agentId)}`),
  move: (benchId: string, agentId: string) =>
    post<BenchView>(`/benches/${segment(benchId)}/move`, { agentId }),
};

export const sessionApi = {
  list: (filter: { labId?: string; status?: 'active' | 'ended'; benchId?: string } = {}) =>
    get<Session[]>(`/sessions${query(filter)}`),
  get: (sessionId: string) => get<Session>(`/sessions/${segment(sessionId)}`),
  /** A maintenance session (technicians and admins, on a bench in maintenance). */
  startMaintenance: (benchId: string) => post<Session>('/sessions', { benchId }),
  end: (sessionId: string) => post<Session>(`/sessions/${segment(sessionId)}/end`),
  csvUrl: (sessionId: string) => `/api/sessions/${segment(sessionId)}/recording.csv`,
  jsonUrl: (sessionId: string) => `/api/sessions/${segment(sessionId)}/recording.json`,
};

export const auditApi = {
  list: (filter: { before?: number; limit?: number } = {}) =>
    get<AuditEntry[]>(`/audit${query(filter)}`),
};
