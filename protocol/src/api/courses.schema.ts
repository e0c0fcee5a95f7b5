import { z } from '../zod.ts';
import { TimeZoneSchema } from './accounts.schema.ts';
import { EmailSchema, IdSchema, TimestampSchema, lineText } from './text.schema.ts';

export const CourseCodeSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/, 'letters, digits, dot, dash and underscore (max 32)');

export const CourseSchema = z.object({
  id: IdSchema,
  code: z.string(),
  title: z.string(),
  ownerId: IdSchema,
  createdAt: TimestampSchema,
  /** The zone quota weeks are counted in (Monday to Monday there), whatever each student's own. */
  timeZone: z.string(),
});
export type Course = z.infer<typeof CourseSchema>;

export const CreateCourseSchema = z.strictObject({
  code: CourseCodeSchema,
  title: lineText(200),
  /** Admins name the instructor who owns the course; an instructor always owns what they create. */
  ownerId: IdSchema.optional(),
  /** Default `UTC`. */
  timeZone: TimeZoneSchema.optional(),
});

export const GroupSchema = z.object({
  id: IdSchema,
  courseId: IdSchema,
  name: z.string(),
  memberCount: z.number().int(),
});
export type Group = z.infer<typeof GroupSchema>;

export const CreateGroupSchema = z.strictObject({ name: lineText(100) });

export const AddMembersSchema = z.strictObject({ emails: z.array(EmailSchema).min(1).max(500) });
export const MembersAddedSchema = z.object({ added: z.number().int() });

export const MemberSchema = z.object({ id: IdSchema, email: z.string(), displayName: z.string() });
export type Member = z.infer<typeof MemberSchema>;
