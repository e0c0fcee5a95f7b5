import type { Me, User } from '@remotelab/protocol';
import { ValueStore } from '../shared/value-store.ts';
import { httpSession } from '../api/http.ts';

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

  constructor(
    private readonly api: AuthApi,
    private readonly onChange: (user: User | null) => void = () => undefined,
  ) {
    httpSession.onUnauthenticated = () => this.expire();
  }

  /** Asks the server who the cookie belongs to (on page load). */
  async load(): Promise<void> {
    try {
      this.accept(await this.api.me(), false);
    } catch {
      // 401, or the server unreachable: signed out; the sign-in form says why when it is used.
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
    if (this.state.get().status === 'signed-in') this.state.set({ status: 'signed-in', user });
  }

  get user(): User | null {
    const state = this.state.get();
    return state.status === 'signed-in' ? state.user : null;
  }

  private accept(me: Me, changed: boolean): void {
    httpSession.csrfToken = me.csrfToken;
    this.state.set({ status: 'signed-in', user: me.user });
    if (changed) this.onChange(me.user);
  }

  private clear(expired: boolean): void {
    httpSession.csrfToken = null;
    this.state.set({ status: 'signed-out', expired });
  }
}
