import { Suspense, lazy } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ResetConfirmPage } from '../auth/reset-confirm-page.tsx';
import { ResetRequestPage } from '../auth/reset-request-page.tsx';
import { SignInPage } from '../auth/sign-in-page.tsx';
import { useUser } from '../auth/use-auth.ts';
import { BenchList } from '../benches/bench-list.tsx';
import { homeOf } from '../nav/role-links.ts';
import { UpdateBanner } from '../realtime/update-banner.tsx';
import { FleetAlerts } from '../technician/fleet-alerts.tsx';
import { AppHeader } from './app-header.tsx';
import type { Route } from './hash-route.ts';
import { PageGuard } from './page-guard.tsx';
import { useServices } from './services.ts';
import { useHashRoute } from './use-hash-route.ts';

// One chunk per role (and one for the session page, which students open on slow links): a
// student never downloads the lab designer or the fleet dashboard.
const BenchPage = lazy(async () => ({
  default: (await import('../bench/bench-page.tsx')).BenchPage,
}));
const student = () => import('../student/student-pages.tsx');
const LabsPage = lazy(async () => ({ default: (await student()).LabsPage }));
const LabPage = lazy(async () => ({ default: (await student()).LabPage }));
const HistoryPage = lazy(async () => ({ default: (await student()).HistoryPage }));
const SessionPage = lazy(async () => ({
  default: (await import('../session/session-page.tsx')).SessionPage,
}));
const instructor = () => import('../instructor/instructor-pages.tsx');
const CoursesPage = lazy(async () => ({ default: (await instructor()).CoursesPage }));
const CoursePage = lazy(async () => ({ default: (await instructor()).CoursePage }));
const LabDesignerPage = lazy(async () => ({ default: (await instructor()).LabDesignerPage }));
const LivePage = lazy(async () => ({ default: (await instructor()).LivePage }));
const ResultsPage = lazy(async () => ({ default: (await instructor()).ResultsPage }));
const ObservePage = lazy(async () => ({
  default: (await import('../instructor/observe-page.tsx')).ObservePage,
}));
const technician = () => import('../technician/technician-pages.tsx');
const FleetPage = lazy(async () => ({ default: (await technician()).FleetPage }));
const FleetLogPage = lazy(async () => ({ default: (await technician()).FleetLogPage }));

function page(route: Route): ReactNode {
  switch (route.page) {
    case 'home':
      return <BenchList />;
    case 'benches':
      return <BenchList />;
    case 'bench':
      return <BenchPage key={route.benchId} benchId={route.benchId} />;
    case 'sign-in':
      return <SignInPage />;
    case 'reset-request':
      return <ResetRequestPage />;
    case 'reset-confirm':
      return <ResetConfirmPage token={route.token} />;
    case 'labs':
      return <LabsPage />;
    case 'lab':
      return <LabPage key={route.labId} labId={route.labId} />;
    case 'history':
      return <HistoryPage />;
    case 'session':
      return <SessionPage key={route.sessionId} sessionId={route.sessionId} />;
    case 'courses':
      return <CoursesPage />;
    case 'course':
      return <CoursePage key={route.courseId} courseId={route.courseId} />;
    case 'lab-new':
      return <LabDesignerPage key={`new-${route.courseId}`} courseId={route.courseId} />;
    case 'lab-edit':
      return <LabDesignerPage key={route.labId} labId={route.labId} />;
    case 'live':
      return <LivePage />;
    case 'observe':
      return <ObservePage key={route.sessionId} sessionId={route.sessionId} />;
    case 'results':
      return <ResultsPage key={route.labId} labId={route.labId} />;
    case 'fleet':
      return <FleetPage />;
    case 'fleet-log':
      return <FleetLogPage />;
  }
}

export function App() {
  const { t } = useTranslation();
  const route = useHashRoute();
  const user = useUser();
  const { lab } = useServices();
  const home = homeOf(user?.role ?? null);
  const shown = route.page === 'home' ? home : route;
  return (
    <>
      <UpdateBanner outdated={lab.outdated} />
      <AppHeader route={shown} />
      {user && (user.role === 'technician' || user.role === 'admin') && <FleetAlerts />}
      <main className="app-main" id="main" tabIndex={-1}>
        <Suspense fallback={<p role="status">{t('common.loading')}</p>}>
          <PageGuard route={shown}>{page(shown)}</PageGuard>
        </Suspense>
      </main>
    </>
  );
}
