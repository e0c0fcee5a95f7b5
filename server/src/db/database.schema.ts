import type { ColumnType } from 'kysely';
import type { Role } from '@remotelab/protocol';
import type { SchedulingTables } from '../scheduling/scheduling-tables.ts';

/**
 * Every table as Kysely sees it. Portable between SQLite and PostgreSQL: ids are random UUIDs
 * made by the server, times are integers (ms since the epoch), booleans are 0/1 integers, JSON is
 * text. See migrations.ts for the DDL; the two must change together.
 */
/** The scheduler's tables are declared next to its code (scheduling/scheduling-tables.ts). */
export interface Database extends SchedulingTables {
  users: UsersTable;
  auth_sessions: AuthSessionsTable;
  password_tokens: PasswordTokensTable;
  courses: CoursesTable;
  course_groups: CourseGroupsTable;
  group_members: GroupMembersTable;
  labs: LabsTable;
  lab_groups: LabGroupsTable;
  agents: AgentsTable;
  benches: BenchesTable;
  bench_enrollments: BenchEnrollmentsTable;
  sessions: SessionsTable;
  session_observers: SessionObserversTable;
  recording_chunks: RecordingChunksTable;
  session_commands: SessionCommandsTable;
  audit_log: AuditLogTable;
}

export interface UsersTable {
  id: string;
  /** Lower-cased: the unique index makes emails unique case-insensitively. */
  email: string;
  display_name: string;
  role: Role;
  /** `scrypt$<log2N>$<r>$<p>$<salt b64>$<hash b64>`, or null until the user picks a password. */
  password_hash: string | null;
  timezone: string;
  locale: 'ar' | 'fr' | 'en';
  disabled: number;
  created_at: number;
  updated_at: number;
}

export interface AuthSessionsTable {
  /** SHA-256 (hex) of the cookie's token; the token itself is never stored. */
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: number;
  expires_at: number;
}

export interface PasswordTokensTable {
  token_hash: string;
  user_id: string;
  purpose: 'reset' | 'invite';
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface CoursesTable {
  id: string;
  code: string;
  title: string;
  owner_id: string;
  created_at: number;
  /** IANA zone the course's quota weeks are counted in; `UTC` unless the course sets one. */
  time_zone: ColumnType<string, string | undefined, string>;
}

export interface CourseGroupsTable {
  id: string;
  course_id: string;
  name: string;
  created_at: number;
}

export interface GroupMembersTable {
  group_id: string;
  user_id: string;
}

export interface LabsTable {
  id: string;
  course_id: string;
  title: string;
  pool: string;
  instructions: string;
  steps_json: string;
  inputs_json: string;
  controls_json: string;
  slot_minutes: number;
  quota_per_week: number;
  horizon_days: number;
  cancel_deadline_minutes: number;
  created_at: number;
  updated_at: number;
}

export interface LabGroupsTable {
  lab_id: string;
  group_id: string;
}

export interface AgentsTable {
  id: string;
  name: string;
  /** SHA-256 (hex) of the agent's token; null once revoked. */
  token_hash: string | null;
  created_at: number;
  token_issued_at: number | null;
  revoked_at: number | null;
  last_seen_at: number | null;
}

export interface BenchesTable {
  id: string;
  /** The pool the bench belongs to: its descriptor's `pool`, kept as a column to query by. */
  pool: string;
  agent_id: string;
  name: string;
  /** The BenchDescriptor its agent announced last (JSON). */
  descriptor_json: string;
  first_seen_at: number;
  last_seen_at: number;
  maintenance_reason: string | null;
  maintenance_since: number | null;
  maintenance_by: string | null;
  quarantine_reason: string | null;
  quarantine_since: number | null;
  quarantine_by: string | null;
}

/**
 * An announcement of a bench its agent may not drive: an unknown bench awaiting approval, or a
 * claim on a bench enrolled to another agent. One row per (bench, agent), counting attempts.
 */
export interface BenchEnrollmentsTable {
  bench_id: string;
  agent_id: string;
  name: string;
  /** The BenchDescriptor the agent announced (JSON); enrolled as such when approved. */
  descriptor_json: string;
  status: 'pending' | 'rejected';
  first_at: number;
  last_at: number;
  attempts: number;
}

export interface SessionsTable {
  id: string;
  bench_id: string;
  lab_id: string | null;
  owner_id: string;
  status: 'active' | 'ended';
  started_at: number;
  ended_at: number | null;
  end_reason: string | null;
  /** The bench's input channels when the session started (JSON), so exports keep their units. */
  channels_json: string;
}

export interface SessionObserversTable {
  session_id: string;
  user_id: string;
}

export interface RecordingChunksTable {
  session_id: string;
  chunk_index: number;
  first_seq: number;
  last_seq: number;
  t_start: number;
  t_end: number;
  row_count: number;
  data: Buffer;
}

export interface SessionCommandsTable {
  id: string;
  session_id: string;
  at: number;
  user_id: string | null;
  output: string;
  value_json: string;
  /** `ok` or the error code the command was refused with. */
  result: string;
}

export interface AuditLogTable {
  id: string;
  at: number;
  actor_id: string | null;
  action: string;
  target: string | null;
  ip: string | null;
  detail_json: string;
}
