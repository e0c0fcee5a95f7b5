import type { Kysely } from 'kysely';
import type { Redis } from 'ioredis';
import type { Database } from '../../db/database.schema.ts';
import type { AuditLog } from '../../audit/audit-log.ts';
import type { AuthService } from '../../auth/auth-service.ts';
import type { AuthSessionStore } from '../../auth/auth-session-store.ts';
import type { UserService } from '../../users/user-service.ts';
import type { CourseService } from '../../courses/course-service.ts';
import type { LabService } from '../../labs/lab-service.ts';
import type { BenchRegistry } from '../../benches/bench-registry.ts';
import type { BenchCatalog } from '../../benches/bench-catalog.ts';
import type { BenchViews } from '../../benches/bench-view.ts';
import type { BenchEnrollment } from '../../benches/bench-enrollment.ts';
import type { AgentService } from '../../agents/agent-service.ts';
import type { SessionService } from '../../sessions/session-service.ts';
import type { AgentRequester } from '../../realtime/agent-requester.ts';

/** Everything the REST routes call into; one object so route modules take one argument. */
export interface RouteServices {
  db: Kysely<Database>;
  redis: Redis;
  startedAt: number;
  audit: AuditLog;
  auth: AuthService;
  authSessions: AuthSessionStore;
  users: UserService;
  courses: CourseService;
  labs: LabService;
  registry: BenchRegistry;
  catalog: BenchCatalog;
  /** Benches as browsers see them (the registry's live state joined with the catalog). */
  benchViews: BenchViews;
  /** Which agent each bench belongs to: enrollment requests, approvals, moves. */
  enrollment: BenchEnrollment;
  agents: AgentService;
  sessions: SessionService;
  /** Requests to the lab-agent of a bench (self-test, clearing its quarantine). */
  agentRequests: AgentRequester;
}
