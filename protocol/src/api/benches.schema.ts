import { z } from '../zod.ts';
import { TimestampSchema, lineText, longText } from './text.schema.ts';

export const BenchFlagRequestSchema = z.strictObject({ reason: longText(500).min(3) });

export const AgentIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, dot, dash and underscore (max 64)');

export const AgentSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: TimestampSchema,
  tokenIssuedAt: TimestampSchema.nullable(),
  revokedAt: TimestampSchema.nullable(),
  lastSeenAt: TimestampSchema.nullable(),
});
export type Agent = z.infer<typeof AgentSchema>;

export const CreateAgentSchema = z.strictObject({ id: AgentIdSchema, name: lineText(100) });
/** The token is shown here once; the server keeps only its SHA-256. */
export const AgentTokenIssuedSchema = z.object({ agent: AgentSchema, token: z.string() });

/**
 * A lab-agent's announcement of a bench it may not drive: a bench the platform has never enrolled
 * (`ownerAgentId` null: approve to enroll it to this agent) or one enrolled to another agent
 * (a claim: move the bench to make this agent its owner). Rejected requests stay listed so the
 * agent's repeated announcements do not bring them back as new.
 */
export const BenchEnrollmentSchema = z.object({
  benchId: z.string(),
  agentId: z.string(),
  /** The name and pool the agent announced (the catalog keeps the owner's). */
  name: z.string(),
  pool: z.string(),
  ownerAgentId: z.string().nullable(),
  status: z.enum(['pending', 'rejected']),
  firstAt: TimestampSchema,
  lastAt: TimestampSchema,
  attempts: z.number().int(),
});
export type BenchEnrollment = z.infer<typeof BenchEnrollmentSchema>;

export const MoveBenchSchema = z.strictObject({ agentId: AgentIdSchema });
