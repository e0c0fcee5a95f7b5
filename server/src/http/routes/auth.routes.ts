import {
  ChangePasswordSchema,
  MeSchema,
  PasswordResetAcceptedSchema,
  PasswordResetConfirmSchema,
  PasswordResetRequestSchema,
  SignInRequestSchema,
  UpdateMeSchema,
  UserSchema,
} from '@remotelab/protocol';
import { defineRoute, type AnyRoute } from '../route-table.ts';
import { clearSessionCookie, setSessionCookie } from '../session-cookie.ts';
import type { RouteServices } from './route-services.ts';

export function authRoutes(s: RouteServices): AnyRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/auth/sign-in',
      tag: 'auth',
      summary:
        'Sign in with email and password; sets the httpOnly session cookie. 5 failures per 15 min per email and address, then 429.',
      access: 'public',
      csrf: false,
      body: SignInRequestSchema,
      response: { status: 200, schema: MeSchema },
      handler: async ({ body, ctx }) => {
        const { user, session } = await s.auth.signIn(body.email, body.password, ctx.ip);
        setSessionCookie(ctx.req, ctx.res, session.token, s.authSessions.ttlSeconds);
        return { user, csrfToken: session.csrfToken };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/auth/sign-out',
      tag: 'auth',
      summary: 'Sign out: the session cookie stops working.',
      access: 'signed-in',
      response: { status: 204 },
      handler: async ({ ctx }) => {
        await s.auth.signOut(ctx.actor, ctx.authSession!.tokenHash, ctx.ip);
        clearSessionCookie(ctx.req, ctx.res);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/auth/me',
      tag: 'auth',
      summary: 'The signed-in user and the CSRF token to send as X-CSRF-Token.',
      access: 'signed-in',
      response: { status: 200, schema: MeSchema },
      handler: async ({ ctx }) => s.auth.me(ctx.actor, ctx.authSession!.csrfToken),
    }),
    defineRoute({
      method: 'patch',
      path: '/auth/me',
      tag: 'auth',
      summary: 'Change your display name, time zone or language.',
      access: 'signed-in',
      body: UpdateMeSchema,
      response: { status: 200, schema: UserSchema },
      handler: async ({ body, ctx }) => s.users.updateSelf(ctx.actor, body),
    }),
    defineRoute({
      method: 'post',
      path: '/auth/password',
      tag: 'auth',
      summary: 'Change your password; your other devices are signed out.',
      access: 'signed-in',
      body: ChangePasswordSchema,
      response: { status: 204 },
      handler: async ({ body, ctx }) => {
        await s.auth.changePassword(
          ctx.actor,
          body.currentPassword,
          body.newPassword,
          ctx.authSession?.tokenHash,
          ctx.ip,
        );
      },
    }),
    defineRoute({
      method: 'post',
      path: '/auth/password-reset',
      tag: 'auth',
      summary:
        'Ask for a password reset link (valid 1 h). Always 202, whether or not the email has an account.',
      access: 'public',
      csrf: false,
      body: PasswordResetRequestSchema,
      response: { status: 202, schema: PasswordResetAcceptedSchema },
      handler: async ({ body, ctx }) => {
        await s.auth.requestReset(body.email, ctx.ip);
        return { status: 'accepted' as const };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/auth/password-reset/confirm',
      tag: 'auth',
      summary: 'Choose a new password with the token of a reset or invitation link (single use).',
      access: 'public',
      csrf: false,
      body: PasswordResetConfirmSchema,
      response: { status: 204 },
      handler: async ({ body, ctx }) => {
        await s.auth.confirmReset(body.token, body.password, ctx.ip);
      },
    }),
  ];
}
