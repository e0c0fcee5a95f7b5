import type { Role } from '@remotelab/protocol';

/**
 * The signed-in user on whose behalf the domain acts. Every transport (REST, socket.io, later LTI
 * and federation) resolves its caller to an Actor before it calls the domain, so the domain decides
 * what a person may do without knowing how they reached it.
 */
export interface Actor {
  id: string;
  role: Role;
  email: string;
  displayName: string;
}

/** A sign-in session as the domain knows it: who, and the CSRF token bound to it. */
export interface AuthenticatedSession {
  actor: Actor;
  tokenHash: string;
  csrfToken: string;
}
