import { createContext, useContext } from 'react';
import type { AuthStore } from '../auth/auth-store.ts';
import type { BenchStore } from '../benches/bench-store.ts';
import type { SweepOutbox } from '../offline/sweep-outbox.ts';
import type { LabClientSocket, LabSocket } from '../realtime/lab-socket.ts';

/** The long-lived objects of the page, created once in main.tsx and handed down. */
export interface Services {
  lab: LabSocket;
  benches: BenchStore;
  auth: AuthStore;
  /** The same socket LabSocket drives, for the scheduler's pushes (session, queue, booking). */
  socket: LabClientSocket;
  /** Batch sweeps prepared on this browser until the server has them (works offline). */
  outbox: SweepOutbox;
}

export const ServicesContext = createContext<Services | null>(null);

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices() needs a <ServicesContext> provider');
  return services;
}
