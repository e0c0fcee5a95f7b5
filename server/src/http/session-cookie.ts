import type { Request, Response } from 'express';

export const SESSION_COOKIE = 'remotelab_session';

/** Reads one cookie from a `Cookie` header; a malformed header yields nothing, never a throw. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(raw);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * httpOnly (no script reads it), SameSite=Lax (not sent on cross-site POSTs), Secure when the
 * request came over https, so a deployment behind TLS never leaks it on plain http.
 */
export function setSessionCookie(
  req: Request,
  res: Response,
  token: string,
  maxAgeS: number,
): void {
  const attributes = [
    `${SESSION_COOKIE}=${token}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${Math.floor(maxAgeS)}`,
  ];
  if (req.secure) attributes.push('Secure');
  res.append('Set-Cookie', attributes.join('; '));
}

export function clearSessionCookie(req: Request, res: Response): void {
  const attributes = [`${SESSION_COOKIE}=`, 'Path=/', 'HttpOnly', 'SameSite=Lax', 'Max-Age=0'];
  if (req.secure) attributes.push('Secure');
  res.append('Set-Cookie', attributes.join('; '));
}
