import { describe, expect, it } from 'vitest';
import type { Request, Response } from 'express';
import {
  SESSION_COOKIE,
  clearSessionCookie,
  readCookie,
  setSessionCookie,
} from './session-cookie.ts';

function capture(secure: boolean) {
  const headers: string[] = [];
  const res = {
    append: (_name: string, value: string) => headers.push(value),
  } as unknown as Response;
  return { req: { secure } as Request, res, headers };
}

describe('session cookie', () => {
  it('is httpOnly and SameSite=Lax, and Secure only over https', () => {
    const plain = capture(false);
    setSessionCookie(plain.req, plain.res, 'tok', 3600);
    expect(plain.headers).toEqual([
      `${SESSION_COOKIE}=tok; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600`,
    ]);
    const tls = capture(true);
    setSessionCookie(tls.req, tls.res, 'tok', 3600);
    expect(tls.headers[0]).toMatch(/; Secure$/);
    clearSessionCookie(tls.req, tls.res);
    expect(tls.headers[1]).toBe(
      `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure`,
    );
  });

  it('reads one cookie among others and survives malformed headers', () => {
    expect(readCookie(`a=1; ${SESSION_COOKIE}=abc; b=2`, SESSION_COOKIE)).toBe('abc');
    expect(readCookie(`x${SESSION_COOKIE}=abc`, SESSION_COOKIE)).toBeUndefined();
    expect(readCookie(`${SESSION_COOKIE}=%E0%A4%A`, SESSION_COOKIE)).toBeUndefined();
    expect(readCookie(undefined, SESSION_COOKIE)).toBeUndefined();
    expect(readCookie(';;=;', SESSION_COOKIE)).toBeUndefined();
  });
});
