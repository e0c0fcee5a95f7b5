import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  CreateUserSchema,
  ProtocolError,
  describeZodError,
  type CreateUser,
  type Role,
  type UpdateUser,
  type User,
} from '@remotelab/protocol';
import type { Database } from '../db/database.schema.ts';
import { isUniqueViolation } from '../db/db-errors.ts';
import type { ServiceDeps } from '../service-deps.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { Actor } from '../core/actor.ts';
import { hashPassword, type ScryptParams } from '../auth/password-hash.ts';
import type { AuthSessionStore } from '../auth/auth-session-store.ts';
import { PasswordTokens } from '../auth/password-tokens.ts';
import { CsvError, parseCsv } from './csv-parse.ts';
import { normaliseEmail, toUserDto } from './user-dto.ts';

export interface UserServiceDeps extends ServiceDeps {
  sessions: AuthSessionStore;
  mailer: Mailer;
  scrypt: ScryptParams;
  /** Builds the link of an invitation mail from its token. */
  link: (token: string) => string;
}

const DEFAULT_TIMEZONE = 'UTC';

/** Accounts, managed by admins: create, import from CSV, change role, disable. */
export class UserService {
  private readonly tokens: PasswordTokens;

  constructor(private readonly deps: UserServiceDeps) {
    this.tokens = new PasswordTokens(deps);
  }

  async list(filter: { role?: Role | undefined; email?: string | undefined }): Promise<User[]> {
    let select = this.deps.db.selectFrom('users').selectAll();
    if (filter.role) select = select.where('role', '=', filter.role);
    if (filter.email) select = select.where('email', '=', normaliseEmail(filter.email));
    return (await select.orderBy('email').execute()).map(toUserDto);
  }

  async get(id: string): Promise<User> {
    const row = await this.deps.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new ProtocolError('NOT_FOUND', 'There is no such user.');
    return toUserDto(row);
  }

  async create(actor: Actor | null, input: CreateUser, ip: string): Promise<User> {
    const passwordHash = input.password
      ? await hashPassword(input.password, this.deps.scrypt)
      : null;
    const { user, invite } = await this.deps.db.transaction().execute(async (trx) => {
      const created = await this.insert(trx, input, passwordHash);
      await this.deps.audit.record(
        {
          action: 'user-created',
          actorId: actor?.id ?? null,
          target: created.id,
          ip,
          detail: { role: created.role },
        },
        trx,
      );
      const token = passwordHash ? undefined : await this.tokens.issue(created.id, 'invite', trx);
      return { user: created, invite: token };
    });
    if (invite) await this.sendInvite(user, invite);
    return user;
  }

  async update(actor: Actor, id: string, patch: UpdateUser, ip: string): Promise<User> {
    if (id === actor.id && (patch.role !== undefined || patch.disabled !== undefined)) {
      // An admin who demotes or disables themselves could leave the platform with no admin.
      throw new ProtocolError(
        'CONFLICT',
        'You cannot change your own role or disable yourself; ask another admin.',
      );
    }
    return this.deps.db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('users')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      if (!before) throw new ProtocolError('NOT_FOUND', 'There is no such user.');
      const set: Partial<Database['users']> = { updated_at: this.deps.now() };
      if (patch.displayName !== undefined) set.display_name = patch.displayName;
      if (patch.role !== undefined) set.role = patch.role;
      if (patch.disabled !== undefined) set.disabled = patch.disabled ? 1 : 0;
      if (patch.timezone !== undefined) set.timezone = patch.timezone;
      if (patch.locale !== undefined) set.locale = patch.locale;
      await trx.updateTable('users').set(set).where('id', '=', id).execute();
      if (patch.role !== undefined && patch.role !== before.role) {
        await this.deps.audit.record(
          {
            action: 'role-changed',
            actorId: actor.id,
            target: id,
            ip,
            detail: { from: before.role, to: patch.role },
          },
          trx,
        );
      }
      if (patch.disabled !== undefined && patch.disabled !== (before.disabled === 1)) {
        if (patch.disabled) await this.deps.sessions.revokeAllOf(id, trx);
        await this.deps.audit.record(
          {
            action: patch.disabled ? 'user-disabled' : 'user-enabled',
            actorId: actor.id,
            target: id,
            ip,
          },
          trx,
        );
      }
      return toUserDto(
        await trx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
      );
    });
  }

  /** Updates what users may change about themselves. */
  async updateSelf(
    actor: Actor,
    patch: Pick<UpdateUser, 'displayName' | 'timezone' | 'locale'>,
  ): Promise<User> {
    const set: Partial<Database['users']> = { updated_at: this.deps.now() };
    if (patch.displayName !== undefined) set.display_name = patch.displayName;
    if (patch.timezone !== undefined) set.timezone = patch.timezone;
    if (patch.locale !== undefined) set.locale = patch.locale;
    await this.deps.db.updateTable('users').set(set).where('id', '=', actor.id).execute();
    return this.get(actor.id);
  }

  /**
   * Imports `email,name,role[,group]` lines, all or nothing: a bad line, an email already taken or
   * an unknown group and nothing is created. `group` is `<course code>/<group name>`.
   */
  async importCsv(actor: Actor, csv: string, ip: string): Promise<User[]> {
    const lines = this.readImport(csv);
    const created = await this.deps.db.transaction().execute(async (trx) => {
      const users: Array<{ user: User; invite: string | undefined }> = [];
      for (const line of lines) {
        const groupId = line.group ? await this.findGroup(trx, line.group, line.line) : undefined;
        const user = await this.insert(trx, line.user, null, line.line);
        if (groupId)
          await trx
            .insertInto('group_members')
            .values({ group_id: groupId, user_id: user.id })
            .execute();
        await this.deps.audit.record(
          {
            action: 'user-created',
            actorId: actor.id,
            target: user.id,
            ip,
            detail: { role: user.role, import: true },
          },
          trx,
        );
        users.push({ user, invite: await this.tokens.issue(user.id, 'invite', trx) });
      }
      return users;
    });
    for (const { user, invite } of created) if (invite) await this.sendInvite(user, invite);
    return created.map(({ user }) => user);
  }

  private readImport(csv: string) {
    let rows;
    try {
      rows = parseCsv(csv);
    } catch (error) {
      if (error instanceof CsvError) throw new ProtocolError('BAD_REQUEST', error.message);
      throw error;
    }
    const [header, ...body] = rows;
    const names = header?.cells.map((cell) => cell.trim().toLowerCase()) ?? [];
    if (
      names[0] !== 'email' ||
      names[1] !== 'name' ||
      names[2] !== 'role' ||
      (names.length > 3 && names[3] !== 'group')
    ) {
      throw new ProtocolError(
        'BAD_REQUEST',
        'The first line must be the header email,name,role (and optionally ,group).',
      );
    }
    if (body.length === 0)
      throw new ProtocolError('BAD_REQUEST', 'The file has a header but no user.');
    if (body.length > 5000)
      throw new ProtocolError('BAD_REQUEST', 'Import at most 5000 users at a time.');
    const seen = new Set<string>();
    return body.map(({ line, cells }) => {
      const [email = '', name = '', role = '', group = '', ...extra] = cells.map((cell) =>
        cell.trim(),
      );
      if (extra.some((cell) => cell !== ''))
        throw new ProtocolError('BAD_REQUEST', `line ${line}: too many columns.`);
      const parsed = CreateUserSchema.safeParse({ email, displayName: name, role });
      if (!parsed.success)
        throw new ProtocolError('BAD_REQUEST', `line ${line}: ${describeZodError(parsed.error)}`);
      const key = normaliseEmail(email);
      if (seen.has(key))
        throw new ProtocolError('BAD_REQUEST', `line ${line}: ${email} appears twice in the file.`);
      seen.add(key);
      return { line, user: parsed.data, group: group || undefined };
    });
  }

  private async findGroup(trx: Kysely<Database>, ref: string, line: number): Promise<string> {
    const slash = ref.indexOf('/');
    const row =
      slash > 0
        ? await trx
            .selectFrom('course_groups')
            .innerJoin('courses', 'courses.id', 'course_groups.course_id')
            .select('course_groups.id')
            .where('courses.code', '=', ref.slice(0, slash))
            .where('course_groups.name', '=', ref.slice(slash + 1))
            .executeTakeFirst()
        : undefined;
    if (!row)
      throw new ProtocolError(
        'BAD_REQUEST',
        `line ${line}: there is no group "${ref}" (write <course code>/<group name>).`,
      );
    return row.id;
  }

  private async insert(
    trx: Kysely<Database>,
    input: CreateUser,
    passwordHash: string | null,
    line?: number,
  ): Promise<User> {
    const now = this.deps.now();
    const row = {
      id: randomUUID(),
      email: normaliseEmail(input.email),
      display_name: input.displayName,
      role: input.role,
      password_hash: passwordHash,
      timezone: input.timezone ?? DEFAULT_TIMEZONE,
      locale: input.locale ?? 'en',
      disabled: 0,
      created_at: now,
      updated_at: now,
    };
    try {
      await trx.insertInto('users').values(row).execute();
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const where = line ? `line ${line}: ` : '';
      throw new ProtocolError('CONFLICT', `${where}${row.email} already has an account.`);
    }
    return toUserDto(row);
  }

  private async sendInvite(user: User, token: string): Promise<void> {
    await this.deps.mailer.send({
      to: user.email,
      subject: 'remotelab: your account',
      text: `An account was created for you. Choose your password within 7 days: ${this.deps.link(token)}`,
    });
  }
}
