import { z } from 'zod';
import {
  CreateUserSchema,
  IdSchema,
  ImportUsersResultSchema,
  ImportUsersSchema,
  UpdateUserSchema,
  UserListQuerySchema,
  UserSchema,
} from '@remotelab/protocol';
import { defineRoute, type AnyRoute } from '../route-table.ts';
import type { RouteServices } from './route-services.ts';

const UserParams = z.strictObject({ userId: IdSchema });

export function userRoutes(s: RouteServices): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/users',
      tag: 'users',
      summary: 'List accounts, optionally by role or email.',
      access: ['admin'],
      query: UserListQuerySchema,
      response: { status: 200, schema: z.array(UserSchema) },
      handler: async ({ query }) => s.users.list(query),
    }),
    defineRoute({
      method: 'post',
      path: '/users',
      tag: 'users',
      summary:
        'Create an account. Without a password, the user is mailed a link (7 days) to choose one.',
      access: ['admin'],
      body: CreateUserSchema,
      response: { status: 201, schema: UserSchema },
      handler: async ({ body, ctx }) => s.users.create(ctx.actor, body, ctx.ip),
    }),
    defineRoute({
      method: 'post',
      path: '/users/import',
      tag: 'users',
      summary:
        'Import accounts from CSV (header email,name,role[,group]; group = <course code>/<group name>). All or nothing.',
      access: ['admin'],
      body: ImportUsersSchema,
      response: { status: 201, schema: ImportUsersResultSchema },
      handler: async ({ body, ctx }) => ({
        created: await s.users.importCsv(ctx.actor, body.csv, ctx.ip),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/users/:userId',
      tag: 'users',
      summary: 'One account.',
      access: ['admin'],
      params: UserParams,
      response: { status: 200, schema: UserSchema },
      handler: async ({ params }) => s.users.get(params.userId),
    }),
    defineRoute({
      method: 'patch',
      path: '/users/:userId',
      tag: 'users',
      summary:
        'Change an account: name, role (audited), disabled (signs the user out), time zone, language.',
      access: ['admin'],
      params: UserParams,
      body: UpdateUserSchema,
      response: { status: 200, schema: UserSchema },
      handler: async ({ params, body, ctx }) =>
        s.users.update(ctx.actor, params.userId, body, ctx.ip),
    }),
  ];
}
