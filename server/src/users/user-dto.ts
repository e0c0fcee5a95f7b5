import type { Selectable } from 'kysely';
import type { User } from '@remotelab/protocol';
import type { UsersTable } from '../db/database.schema.ts';

/** The public view of a user row: never the password hash. */
export function toUserDto(row: Selectable<UsersTable>): User {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    timezone: row.timezone,
    locale: row.locale,
    disabled: row.disabled === 1,
    createdAt: row.created_at,
  };
}

/** Emails are unique case-insensitively: stored and looked up lower-cased. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
