import {
  AuditEntrySchema,
  BenchEnrollmentSchema,
  BenchViewSchema,
  CourseSchema,
  GroupSchema,
  LabSchema,
  MeSchema,
  MemberSchema,
  MembersAddedSchema,
  NoContentSchema,
  PasswordResetAcceptedSchema,
  SelfTestResultSchema,
  SessionSchema,
  UserSchema,
  z,
  type LabInput,
} from '@remotelab/protocol';
import { del, get, patch, post, put, query, segment } from './http.ts';

/**
 * The REST routes of server/src/http/routes/*, one function each, each with the response schema
 * its route declares (protocol): `request` parses every reply with it.
 */

export const authApi = {
  me: () => get('/auth/me', MeSchema, { quiet401: true }),
  signIn: (email: string, password: string) =>
    post('/auth/sign-in', MeSchema, { email, password }, { quiet401: true }),
  signOut: () => post('/auth/sign-out', NoContentSchema),
  updateMe: (change: { locale?: 'ar' | 'fr' | 'en'; timezone?: string; displayName?: string }) =>
    patch('/auth/me', UserSchema, change),
  requestReset: (email: string) =>
    post('/auth/password-reset', PasswordResetAcceptedSchema, { email }, { quiet401: true }),
  confirmReset: (token: string, password: string) =>
    post('/auth/password-reset/confirm', NoContentSchema, { token, password }, { quiet401: true }),
};

export const courseApi = {
  list: () => get('/courses', z.array(CourseSchema)),
  create: (code: string, title: string) => post('/courses', CourseSchema, { code, title }),
  groups: (courseId: string) => get(`/courses/${segment(courseId)}/groups`, z.array(GroupSchema)),
  createGroup: (courseId: string, name: string) =>
    post(`/courses/${segment(courseId)}/groups`, GroupSchema, { name }),
  members: (courseId: string, groupId: string) =>
    get(`/courses/${segment(courseId)}/groups/${segment(groupId)}/members`, z.array(MemberSchema)),
  addMembers: (courseId: string, groupId: string, emails: string[]) =>
    post(`/courses/${segment(courseId)}/groups/${segment(groupId)}/members`, MembersAddedSchema, {
      emails,
    }),
  removeMember: (courseId: string, groupId: string, userId: string) =>
    del(
      `/courses/${segment(courseId)}/groups/${segment(groupId)}/members/${segment(userId)}`,
      NoContentSchema,
    ),
};

export const labApi = {
  ofCourse: (courseId: string) => get(`/courses/${segment(courseId)}/labs`, z.array(LabSchema)),
  get: (labId: string) => get(`/labs/${segment(labId)}`, LabSchema),
  create: (courseId: string, lab: LabInput) =>
    post(`/courses/${segment(courseId)}/labs`, LabSchema, lab),
  replace: (labId: string, lab: LabInput) => put(`/labs/${segment(labId)}`, LabSchema, lab),
};

export const benchApi = {
  list: () => get('/benches', z.array(BenchViewSchema)),
  setFlag: (benchId: string, kind: 'maintenance' | 'quarantine', reason: string) =>
    put(`/benches/${segment(benchId)}/${kind}`, BenchViewSchema, { reason }),
  clearFlag: (benchId: string, kind: 'maintenance' | 'quarantine') =>
    del(`/benches/${segment(benchId)}/${kind}`, BenchViewSchema),
  selfTest: (benchId: string) =>
    post(`/benches/${segment(benchId)}/self-test`, SelfTestResultSchema),
};

/** Which lab-agent each bench belongs to (bench-enrollment.routes.ts). */
export const enrollmentApi = {
  list: () => get('/bench-enrollments', z.array(BenchEnrollmentSchema)),
  approve: (benchId: string, agentId: string) =>
    post(
      `/bench-enrollments/${segment(benchId)}/${segment(agentId)}/approve`,
      z.array(BenchEnrollmentSchema),
    ),
  reject: (benchId: string, agentId: string) =>
    del(
      `/bench-enrollments/${segment(benchId)}/${segment(agentId)}`,
      z.array(BenchEnrollmentSchema),
    ),
  move: (benchId: string, agentId: string) =>
    post(`/benches/${segment(benchId)}/move`, BenchViewSchema, { agentId }),
};

export const sessionApi = {
  list: (filter: { labId?: string; status?: 'active' | 'ended'; benchId?: string } = {}) =>
    get(`/sessions${query(filter)}`, z.array(SessionSchema)),
  get: (sessionId: string) => get(`/sessions/${segment(sessionId)}`, SessionSchema),
  /** A maintenance session (technicians and admins, on a bench in maintenance). */
  startMaintenance: (benchId: string) => post('/sessions', SessionSchema, { benchId }),
  end: (sessionId: string) => post(`/sessions/${segment(sessionId)}/end`, SessionSchema),
  csvUrl: (sessionId: string) => `/api/sessions/${segment(sessionId)}/recording.csv`,
  jsonUrl: (sessionId: string) => `/api/sessions/${segment(sessionId)}/recording.json`,
};

export const auditApi = {
  list: (filter: { before?: number; limit?: number } = {}) =>
    get(`/audit${query(filter)}`, z.array(AuditEntrySchema)),
};
