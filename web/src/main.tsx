import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { io } from 'socket.io-client';
import { BROWSER_PROTOCOL_VERSION } from '@remotelab/protocol';
import { authApi } from './api/platform-api.ts';
import { App } from './app/app.tsx';
import { ServicesContext } from './app/services.ts';
import type { Services } from './app/services.ts';
import { AuthStore } from './auth/auth-store.ts';
import { BenchStore } from './benches/bench-store.ts';
import { connectBenchStore } from './benches/connect-bench-store.ts';
import { isLanguage } from './i18n/languages.ts';
import { setupI18n } from './i18n/setup-i18n.ts';
import { LabSocket, RECONNECTION } from './realtime/lab-socket.ts';
import { forgetKeptLabs, registerServiceWorker } from './offline/register-service-worker.ts';
import { SweepOutbox } from './offline/sweep-outbox.ts';
import { schedulingApi } from './api/scheduling-api.ts';
import { httpSession } from './api/http.ts';
import { localUserMemory } from './auth/user-memory.ts';
import type { LabClientSocket } from './realtime/lab-socket.ts';
import './styles/app.css';

const i18n = setupI18n();

// Same origin (the server serves this page; Vite's dev server proxies /socket.io to it). The
// handshake announces the protocol this page speaks: a server of another version refuses it.
const socket: LabClientSocket = io({
  path: '/socket.io',
  autoConnect: false,
  ...RECONNECTION,
  transports: [...RECONNECTION.transports],
  auth: { protocolVersion: BROWSER_PROTOCOL_VERSION },
});
const lab = new LabSocket(socket, { network: window });
const auth = new AuthStore(
  authApi,
  (user) => {
    // The server learns who a socket is from the cookie of its handshake: after signing in or
    // out, connect again so pushes (session, queue, bookings) reach the right person.
    socket.disconnect();
    socket.connect();
    if (user && isLanguage(user.locale)) void i18n.changeLanguage(user.locale);
    if (!user) {
      forgetKeptLabs().catch((error: unknown) => console.warn('kept labs not forgotten', error));
    }
  },
  localUserMemory(localStorage),
);
const outbox = new SweepOutbox({
  storage: localStorage,
  submit: schedulingApi.submitBatch,
  mine: schedulingApi.myBatches,
  async ready() {
    // Opened offline: the remembered user has no CSRF token yet; ask the server again first.
    if (auth.offline || (auth.user && !httpSession.csrfToken)) await auth.load();
    return auth.user !== null && !auth.offline;
  },
  now: () => Date.now(),
  newId: () => crypto.randomUUID(),
});
auth.state.subscribe(() => {
  outbox.useOwner(auth.user?.id ?? null);
  if (auth.user && !auth.offline) void outbox.flush();
});
// The connection is back (the browser says so, or the socket reached the server): send what
// waits. A page opened offline first learns who is signed in, which fetches the CSRF token.
const connectionBack = () => void outbox.flush();
window.addEventListener('online', connectionBack);
socket.on('connect', connectionBack);
const services: Services = { lab, benches: new BenchStore(), auth, socket, outbox };
// A language chosen while signed in becomes the profile's (mails and the next sign-in use it).
i18n.on('languageChanged', (language) => {
  const user = auth.user;
  if (user && isLanguage(language) && user.locale !== language) {
    authApi.updateMe({ locale: language }).then(
      (updated) => auth.updateUser(updated),
      () => undefined, // kept for this visit only; the switch itself already worked
    );
  }
});
connectBenchStore(services.lab, services.benches);
// The handshake carries the sign-in cookie, if any: no need to wait for /auth/me.
services.lab.start();
void auth.load();
void services.benches.load();

registerServiceWorker(new Promise<void>((resolve) => socket.once('connect', () => resolve())));

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <ServicesContext value={services}>
        <App />
      </ServicesContext>
    </I18nextProvider>
  </StrictMode>,
);
