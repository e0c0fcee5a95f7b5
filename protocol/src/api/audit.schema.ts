import { z } from '../zod.ts';
import { IdSchema, TimestampSchema } from './text.schema.ts';

/** The closed list of security-relevant actions the audit log records. */
export const AUDIT_ACTIONS = [
  'sign-in',
  'sign-in-failed',
  'sign-out',
  'password-reset-requested',
  'password-reset',
  'password-changed',
  'user-created',
  'role-changed',
  'user-disabled',
  'user-enabled',
  'agent-token-issued',
  'agent-revoked',
  'bench-maintenance',
  'bench-quarantine',
  'bench-released',
  'bench-enrollment-requested',
  'bench-enrolled',
  'bench-enrollment-rejected',
  'bench-claim-refused',
  'bench-moved',
  'bench-unsafe',
  'command',
] as const;
export const AuditActionSchema = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof AuditActionSchema>;

export const AuditEntrySchema = z.object({
  id: IdSchema,
  at: TimestampSchema,
  actorId: IdSchema.nullable(),
  action: AuditActionSchema,
  target: z.string().nullable(),
  ip: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const AuditQuerySchema = z.strictObject({
  action: AuditActionSchema.optional(),
  actorId: IdSchema.optional(),
  /** Entries strictly older than this (ms since epoch), for paging backwards. */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
