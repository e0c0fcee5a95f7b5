import type { Namespace, Socket } from 'socket.io';
import type { Logger } from 'pino';
import {
  protocolMismatch,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '@remotelab/protocol';
import type { Actor, AuthenticatedSession } from '../core/actor.ts';
import { SESSION_COOKIE, readCookie } from '../http/session-cookie.ts';
import { handshakeRefusal } from './handshake-refusal.ts';

/** What the browsers' namespace keeps on each socket: who it is, and the sign-in it came with. */
export interface BrowserSocketData {
  /** The signed-in user; absent for anonymous viewers (idle benches' streams are public). */
  actor?: Actor;
  /** The sign-in session's token from the handshake cookie, to re-check it is still valid. */
  sessionToken?: string;
  /**
   * Benches this socket streams. socket.io keeps `data` across a recovered reconnection
   * (connection-state recovery), so the streams restart before the page even asks again.
   */
  benches?: string[];
}

type NoEvents = Record<string, never>;
export type BrowserNamespace = Namespace<
  ClientToServerEvents,
  ServerToClientEvents,
  NoEvents,
  BrowserSocketData
>;
export type BrowserSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  NoEvents,
  BrowserSocketData
>;

export interface SessionLookup {
  findByToken(token: string): Promise<AuthenticatedSession | undefined>;
}

/**
 * The one place a browser socket's user is worked out. At the handshake, from the sign-in cookie,
 * onto the socket's typed data (for the per-user rooms and owner presence); before anything that
 * acts for the user (a command, watching a session), `actorOf` checks the sign-in is still valid,
 * so a user who signed out, was disabled or whose session expired stops acting at once while the
 * socket stays open as an anonymous viewer.
 */
export class BrowserAuth {
  constructor(
    private readonly sessions: SessionLookup,
    private readonly logger: Logger,
  ) {}

  /**
   * The handshake middleware; attach it before any other on the namespace. A page of another
   * protocol version is refused first (PROTOCOL_MISMATCH: the page offers to reload), whoever
   * signed in: it could not read what this server sends.
   */
  attach(namespace: BrowserNamespace): void {
    namespace.use((socket, next) => {
      const announced: unknown = socket.handshake.auth.protocolVersion;
      const mismatch = protocolMismatch('browser', announced);
      if (mismatch) return next(handshakeRefusal(mismatch));
      const token = readCookie(socket.handshake.headers.cookie, SESSION_COOKIE);
      if (!token) return next();
      socket.data.sessionToken = token;
      this.sessions.findByToken(token).then(
        (session) => {
          if (session) socket.data.actor = session.actor;
          next();
        },
        (error: unknown) => {
          // A broken database must not keep viewers out of public streams: they stay anonymous.
          this.logger.warn({ err: error }, 'handshake sign-in lookup failed; socket is anonymous');
          next();
        },
      );
    });
  }

  /** The socket's user now, or undefined when anonymous or no longer signed in. */
  async actorOf(socket: BrowserSocket): Promise<Actor | undefined> {
    const token = socket.data.sessionToken;
    if (!token) return undefined;
    const session = await this.sessions.findByToken(token);
    if (session) socket.data.actor = session.actor;
    else delete socket.data.actor;
    return session?.actor;
  }
}
