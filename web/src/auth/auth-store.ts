import type { Me, User } from '@remotelab/protocol';
import { ValueStore } from '../shared/value-store.ts';
import { ApiError } from '../api/api-error.ts';
import { httpSession } from '../api/http.ts';

/**
 * Who was signed in on this browser, kept so a page opened with no connection can still show
 * that person's kept lab and outbox (issue 19, part 4). Forgotten at sign-out and expiry.
 */
export interface UserMemory {
  read(): User | null;
  write(user: User | null): void;
}

const NO_MEMORY: UserMemory = { read: () => null, write: () => undefined };

export type AuthState =
  | { status: 'loading' }
  | { status: 'signed-out'; expired: boolean }
  | { status: 'signed-in'; user: User };

export interface AuthApi {
  me(): Promise<Me>;
  signIn(email: string, password: string): Promise<Me>;
  signOut(): Promise<void>;
}

/**
 * Who is signed in. The session itself is the server's httpOnly cookie: this store only knows the
 * user it belongs to and keeps the CSRF token for state-changing calls. `onChange` runs after a
 * sign-in or sign-out (the socket reconnects then, so the server knows who it talks to).
 */
export class AuthStore {
  readonly state = new ValueStore<AuthState>({ status: 'loading' });
  /**
   * True while the user shown is the remembered one because the server could not be reached:
   * there is no CSRF token, so state-changing calls wait for `load()` to succeed.
   */
  offline = false;

  constructor(
    private readonly api: AuthApi,
    private readonly onChange: (user: User | null) => void = () => undefined,
    private readonly memory: UserMemory = NO_MEMORY,
  ) {
    httpSession.onUnauthenticated = () => this.expire();
  }

  /** Asks the server who the cookie belongs to (on page load, and when the network returns). */
  async load(): Promise<void> {
    try {
      this.accept(await this.api.me(), false);
    } catch (error) {
      // No connection: the person remembered on this browser, until the server says otherwise.
      const remembered = this.memory.read();
      if (error instanceof ApiError && error.status === 0 && remembered) {
        httpSession.csrfToken = null;
        this.offline = true;
        this.state.set({ status: 'signed-in', user: remembered });
        return;
      }
      // 401, or unreachable with nobody remembered: signed out; the sign-in form says why.
      this.clear(false);
    }
  }

  /** Throws the ApiError of a refused sign-in (AUTH_FAILED, 429 rate limit, ...). */
  async signIn(email: string, password: string): Promise<User> {
    const me = await this.api.signIn(email, password);
    this.accept(me, true);
    return me.user;
  }

  async signOut(): Promise<void> {
    try {
      await this.api.signOut();
    } finally {
      this.clear(false);
      this.onChange(null);
    }
  }

  /** The server answered 401 to a call: the sign-in expired or was revoked elsewhere. */
  expire(): void {
    if (this.state.get().status !== 'signed-in') return;
    this.clear(true);
    this.onChange(null);
  }

  /** Replaces the user after a profile change (language, time zone). */
  updateUser(user: User): void {
    if (this.state.get().status !== 'signed-in') return;
    this.memory.write(user);
    this.state.set({ status: 'signed-in', user });
  }

  get user(): User | null {
    const state = this.state.get();
    return state.status === 'signed-in' ? state.user : null;
  }

  private accept(me: Me, changed: boolean): void {
    httpSession.csrfToken = me.csrfToken;
    this.offline = false;
    this.memory.write(me.user);
    const state = this.state.get();
    // The same person as remembered: keep the object, so pages do not reload for nothing.
    if (state.status === 'signed-in' && JSON.stringify(state.user) === JSON.stringify(me.user)) {
      if (changed) this.onChange(me.user);
      return;
    }
    this.state.set({ status: 'signed-in', user: me.user });
    if (changed) this.onChange(me.user);
  }

  private clear(expired: boolean): void {
    httpSession.csrfToken = null;
    this.offline = false;
    this.memory.write(null);
    this.state.set({ status: 'signed-out', expired });
  }
}
