import { UserSchema, type User } from '@remotelab/protocol';
import type { UserMemory } from './auth-store.ts';

const KEY = 'remotelab.user';

/** The remembered user in localStorage, parsed with the protocol's schema when read back. */
export function localUserMemory(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>) {
  return {
    read(): User | null {
      try {
        const raw = storage.getItem(KEY);
        if (!raw) return null;
        const parsed = UserSchema.safeParse(JSON.parse(raw));
        return parsed.success ? parsed.data : null;
      } catch {
        return null; // storage disabled or a stale shape: nobody remembered
      }
    },
    write(user: User | null): void {
      try {
        if (user) storage.setItem(KEY, JSON.stringify(user));
        else storage.removeItem(KEY);
      } catch {
        // storage disabled: the page just cannot open offline
      }
    },
  } satisfies UserMemory;
}
