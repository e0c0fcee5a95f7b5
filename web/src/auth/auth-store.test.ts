import { describe, expect, it, vi } from 'vitest';
import type { Me } from '@remotelab/protocol';
import { ApiError } from '../api/api-error.ts';
import { httpSession } from '../api/http.ts';
import { AuthStore } from './auth-store.ts';

const me: Me = {
  csrfToken: 'csrf-1',
  user: {
    id: '00000000-0000-4000-8000-000000000001',
    email: 'amal@example.org',
    displayName: 'Amal',
    role: 'student',
    timezone: 'Africa/Algiers',
    locale: 'ar',
    disabled: false,
    createdAt: 1,
  },
};

function api(overrides: Partial<ConstructorParameters<typeof AuthStore>[0]> = {}) {
  return {
    me: vi.fn(async () => me),
    signIn: vi.fn(async () => me),
    signOut: vi.fn(async () => undefined),
    ...overrides,
  };
}

describe('AuthStore', () => {
  it('loads the signed-in user and keeps the CSRF token for later calls', async () => {
    const store = new AuthStore(api());
    expect(store.state.get().status).toBe('loading');
    await store.load();
    expect(store.user?.email).toBe('amal@example.org');
    expect(httpSession.csrfToken).toBe('csrf-1');
  });

  it('is signed out when the server answers 401', async () => {
    const store = new AuthStore(
      api({
        me: vi.fn(async () => {
          throw new ApiError(401, 'UNAUTHENTICATED', 'no');
        }),
      }),
    );
    await store.load();
    expect(store.state.get()).toEqual({ status: 'signed-out', expired: false });
    expect(httpSession.csrfToken).toBeNull();
  });

  it('tells its listener on sign-in and sign-out, and forgets the token', async () => {
    const onChange = vi.fn();
    const store = new AuthStore(api(), onChange);
    await store.signIn('amal@example.org', 'secret-password');
    expect(onChange).toHaveBeenLastCalledWith(me.user);
    await store.signOut();
    expect(onChange).toHaveBeenLastCalledWith(null);
    expect(httpSession.csrfToken).toBeNull();
  });

  it('signs out, marked expired, when any call meets a 401', async () => {
    const store = new AuthStore(api());
    await store.load();
    httpSession.onUnauthenticated();
    expect(store.state.get()).toEqual({ status: 'signed-out', expired: true });
  });

  it('passes a refused sign-in through and stays signed out', async () => {
    const refusal = new ApiError(401, 'AUTH_FAILED', 'wrong');
    const store = new AuthStore(
      api({
        signIn: vi.fn(async () => {
          throw refusal;
        }),
      }),
    );
    await store.load();
    await store.signOut();
    await expect(store.signIn('a@b.org', 'x')).rejects.toBe(refusal);
    expect(store.state.get().status).toBe('signed-out');
  });

  it('shows the remembered user, without a token, when the server cannot be reached', async () => {
    let kept: Me['user'] | null = null;
    const memory = { read: () => kept, write: (user: Me['user'] | null) => (kept = user) };
    const online = new AuthStore(api(), () => undefined, memory);
    await online.load();
    expect(kept).toEqual(me.user);

    const meCall = vi.fn(async (): Promise<Me> => {
      throw new ApiError(0, 'DISCONNECTED', 'The server could not be reached.');
    });
    const offline = new AuthStore(api({ me: meCall }), () => undefined, memory);
    await offline.load();
    expect(offline.user).toEqual(me.user);
    expect(offline.offline).toBe(true);
    expect(httpSession.csrfToken).toBeNull();

    // Back online: the token returns; a 401 instead signs out and forgets the person.
    meCall.mockImplementationOnce(async () => me);
    await offline.load();
    expect(offline.offline).toBe(false);
    expect(httpSession.csrfToken).toBe('csrf-1');
    meCall.mockImplementationOnce(async () => {
      throw new ApiError(401, 'UNAUTHENTICATED', 'Sign in.');
    });
    await offline.load();
    expect(offline.user).toBeNull();
    expect(kept).toBeNull();
  });

  it('is signed out when unreachable and nobody is remembered', async () => {
    const store = new AuthStore(
      api({
        me: vi.fn(async () => {
          throw new ApiError(0, 'DISCONNECTED', 'The server could not be reached.');
        }),
      }),
    );
    await store.load();
    expect(store.state.get()).toEqual({ status: 'signed-out', expired: false });
  });
});
