import { useSyncExternalStore } from 'react';
import type { User } from '@remotelab/protocol';
import { useServices } from '../app/services.ts';
import { safeTimeZone } from '../format/date-format.ts';
import type { AuthState } from './auth-store.ts';

export function useAuth(): AuthState {
  const { state } = useServices().auth;
  return useSyncExternalStore(state.subscribe, state.get);
}

export function useUser(): User | null {
  const auth = useAuth();
  return auth.status === 'signed-in' ? auth.user : null;
}

/** The zone dates are shown in: the user's profile zone, else the browser's. */
export function useTimeZone(): string {
  return safeTimeZone(useUser()?.timezone);
}
