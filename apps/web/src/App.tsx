/** The shell: header with the language and large-type toggles, and the hash routes for students and instructors. */
import { lazy, Suspense, useEffect, useState } from 'react';
import { instructorToken } from './api/session';
import { LanguageToggle } from './components/LanguageToggle';
import { useLang } from './i18n';
import { match, navigate, useHashPath } from './lib/router';
import { JoinPage } from './pages/JoinPage';
import { StudentLabPage } from './pages/StudentLabPage';
import { StudentQuizPage } from './pages/quiz/StudentQuizPage';

// Instructor pages load on demand: a student's phone only downloads the student screens.
const ClassroomsPage = lazy(() =>
  import('./pages/ClassroomsPage').then((m) => ({ default: m.ClassroomsPage })),
);
const DashboardPage = lazy(() => import('./pages/DashboardPage').then((m) => ({ default: m.DashboardPage })));
const LabWatchPage = lazy(() => import('./pages/LabWatchPage').then((m) => ({ default: m.LabWatchPage })));
const MistakesPage = lazy(() => import('./pages/MistakesPage').then((m) => ({ default: m.MistakesPage })));
const CaptureImportPage = lazy(() =>
  import('./pages/CaptureImportPage').then((m) => ({ default: m.CaptureImportPage })),
);
const ReplayPage = lazy(() => import('./pages/ReplayPage').then((m) => ({ default: m.ReplayPage })));
const QuizBuilderPage = lazy(() =>
  import('./pages/quiz/QuizBuilderPage').then((m) => ({ default: m.QuizBuilderPage })),
);
const QuizResultsPage = lazy(() =>
  import('./pages/quiz/QuizResultsPage').then((m) => ({ default: m.QuizResultsPage })),
);
const ClassProjectorPage = lazy(() =>
  import('./pages/ProjectorPages').then((m) => ({ default: m.ClassProjectorPage })),
);
const LabProjectorPage = lazy(() =>
  import('./pages/ProjectorPages').then((m) => ({ default: m.LabProjectorPage })),
);
const TeacherAuthPage = lazy(() =>
  import('./pages/TeacherAuthPage').then((m) => ({ default: m.TeacherAuthPage })),
);

const LARGE_TYPE = 'tcp-lab.largeType';

function useLargeType(): [boolean, (on: boolean) => void] {
  const [on, setOn] = useState(() => {
    try {
      return localStorage.getItem(LARGE_TYPE) === '1';
    } catch {
      return false;
    }
  });
  useEffect(() => {
    document.documentElement.classList.toggle('large-type', on);
    try {
      localStorage.setItem(LARGE_TYPE, on ? '1' : '0');
    } catch {
      // not remembered
    }
  }, [on]);
  // a second tab of the same browser (the projector window, a student's other tab) follows the switch
  useEffect(() => {
    const follow = (event: StorageEvent) => {
      if (event.key === LARGE_TYPE) setOn(event.newValue === '1');
    };
    window.addEventListener('storage', follow);
    return () => window.removeEventListener('storage', follow);
  }, []);
  return [on, setOn];
}

function TeacherArea({ path }: { path: string }) {
  const [signedIn, setSignedIn] = useState(() => Boolean(instructorToken.get()));
  const signOut = () => {
    instructorToken.set(null);
    setSignedIn(false);
    navigate('/teacher');
  };
  if (!signedIn) return <TeacherAuthPage onSignedIn={() => setSignedIn(true)} />;
  let params: Record<string, string> | null;
  if ((params = match('/teacher/class/:id/mistakes', path))) return <MistakesPage classroomId={params.id} />;
  if ((params = match('/teacher/class/:id/projector', path)))
    return <ClassProjectorPage key={params.id} classroomId={params.id} />;
  if ((params = match('/teacher/lab/:id/projector', path)))
    return <LabProjectorPage key={params.id} labId={params.id} />;
  if ((params = match('/teacher/class/:id/quiz', path)))
    return <QuizBuilderPage key={params.id} classroomId={params.id} />;
  if ((params = match('/teacher/quiz/:id', path)))
    return <QuizResultsPage key={params.id} quizId={params.id} />;
  if ((params = match('/teacher/class/:id', path)))
    return <DashboardPage key={params.id} classroomId={params.id} />;
  if (path === '/teacher/import') return <CaptureImportPage />;
  if ((params = match('/teacher/lab/:id/replay', path))) return <ReplayPage labId={params.id} />;
  if ((params = match('/teacher/lab/:id', path))) return <LabWatchPage key={params.id} labId={params.id} />;
  return <ClassroomsPage onSignOut={signOut} />;
}

/** The hash is the router's, so a skip link moves focus itself instead of changing the location. */
const skipTo = (id: string) => (event: React.MouseEvent) => {
  event.preventDefault();
  const target = document.getElementById(id);
  target?.focus();
  target?.scrollIntoView({ block: 'start' });
};

export function App() {
  const { t } = useLang();
  const path = useHashPath();
  const [largeType, setLargeType] = useLargeType();
  useEffect(() => {
    document.title = t('app.title');
  }, [t]);
  let page;
  if (path.startsWith('/teacher'))
    page = (
      <Suspense fallback={<p className="page">{t('lab.loading')}</p>}>
        <TeacherArea path={path} />
      </Suspense>
    );
  else if (path === '/lab') page = <StudentLabPage />;
  else if (path === '/quiz') page = <StudentQuizPage />;
  else page = <JoinPage />;
  return (
    <>
      <a className="skip-link" href="#main" onClick={skipTo('main')}>
        {t('app.skipToMain')}
      </a>
      {path === '/lab' && (
        <a className="skip-link" href="#controls" onClick={skipTo('controls')}>
          {t('app.skipToControls')}
        </a>
      )}
      <header className="app-header">
        <a className="brand" href="#/">
          {t('app.title')}
        </a>
        <div className="header-tools">
          <label className="large-type-toggle">
            <input type="checkbox" checked={largeType} onChange={(e) => setLargeType(e.target.checked)} />{' '}
            {t('app.largeType')}
          </label>
          <LanguageToggle />
        </div>
      </header>
      <div id="main" tabIndex={-1} className="main-target">
        {page}
      </div>
    </>
  );
}
