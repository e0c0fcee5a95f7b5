import { z } from '../zod.ts';
import { EmailSchema, IdSchema, TimestampSchema, lineText } from './text.schema.ts';

export const ROLES = ['student', 'instructor', 'technician', 'admin'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const LocaleSchema = z.enum(['ar', 'fr', 'en']);
export type Locale = z.infer<typeof LocaleSchema>;

/** An IANA time zone name such as `Africa/Algiers`; checked against the runtime's list. */
export const TimeZoneSchema = z
  .string()
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'unknown time zone');

/** Passwords: long enough to resist guessing, short enough that hashing them costs a bounded time. */
export const PasswordSchema = z.string().min(10).max(200);

export const UserSchema = z.object({
  id: IdSchema,
  email: EmailSchema,
  displayName: z.string(),
  role: RoleSchema,
  timezone: z.string(),
  locale: LocaleSchema,
  disabled: z.boolean(),
  createdAt: TimestampSchema,
});
export type User = z.infer<typeof UserSchema>;

export const SignInRequestSchema = z.strictObject({
  email: EmailSchema,
  password: z.string().min(1).max(200),
});
export type SignInRequest = z.infer<typeof SignInRequestSchema>;

/** The signed-in user and the token every state-changing request must echo in `X-CSRF-Token`. */
export const MeSchema = z.object({ user: UserSchema, csrfToken: z.string() });
export type Me = z.infer<typeof MeSchema>;

export const UpdateMeSchema = z.strictObject({
  displayName: lineText(100).optional(),
  timezone: TimeZoneSchema.optional(),
  locale: LocaleSchema.optional(),
});

export const ChangePasswordSchema = z.strictObject({
  currentPassword: z.string().min(1).max(200),
  newPassword: PasswordSchema,
});

export const PasswordResetRequestSchema = z.strictObject({ email: EmailSchema });
/** The reply to a reset request, the same whether or not the email has an account. */
export const PasswordResetAcceptedSchema = z.object({ status: z.literal('accepted') });
export const PasswordResetConfirmSchema = z.strictObject({
  token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'not a reset token'),
  password: PasswordSchema,
});

export const CreateUserSchema = z.strictObject({
  email: EmailSchema,
  displayName: lineText(100),
  role: RoleSchema,
  /** Without a password the user receives a link to choose one. */
  password: PasswordSchema.optional(),
  timezone: TimeZoneSchema.optional(),
  locale: LocaleSchema.optional(),
});
export type CreateUser = z.infer<typeof CreateUserSchema>;

export const UpdateUserSchema = z.strictObject({
  displayName: lineText(100).optional(),
  role: RoleSchema.optional(),
  disabled: z.boolean().optional(),
  timezone: TimeZoneSchema.optional(),
  locale: LocaleSchema.optional(),
});
export type UpdateUser = z.infer<typeof UpdateUserSchema>;

/**
 * CSV with a header line `email,name,role,group` (group optional: `<course code>/<group name>`).
 * The import is all or nothing: one bad line and no user is created.
 */
export const ImportUsersSchema = z.strictObject({ csv: z.string().min(1).max(900_000) });
export const ImportUsersResultSchema = z.object({ created: z.array(UserSchema) });

export const UserListQuerySchema = z.strictObject({
  role: RoleSchema.optional(),
  email: EmailSchema.optional(),
});
