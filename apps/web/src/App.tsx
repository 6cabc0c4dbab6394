/** The shell: header with the language and large-type toggles, and the hash routes for students and instructors. */
import { useEffect, useState } from 'react';
import { instructorToken } from './api/session';
import { LanguageToggle } from './components/LanguageToggle';
import { useLang } from './i18n';
import { match, navigate, useHashPath } from './lib/router';
import { ClassroomsPage } from './pages/ClassroomsPage';
import { DashboardPage } from './pages/DashboardPage';
import { JoinPage } from './pages/JoinPage';
import { LabWatchPage } from './pages/LabWatchPage';
import { MistakesPage } from './pages/MistakesPage';
import { ReplayPage } from './pages/ReplayPage';
import { StudentLabPage } from './pages/StudentLabPage';
import { TeacherAuthPage } from './pages/TeacherAuthPage';

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
  if ((params = match('/teacher/class/:id', path))) return <DashboardPage key={params.id} classroomId={params.id} />;
  if ((params = match('/teacher/lab/:id/replay', path))) return <ReplayPage labId={params.id} />;
  if ((params = match('/teacher/lab/:id', path))) return <LabWatchPage key={params.id} labId={params.id} />;
  return <ClassroomsPage onSignOut={signOut} />;
}

export function App() {
  const { t } = useLang();
  const path = useHashPath();
  const [largeType, setLargeType] = useLargeType();
  useEffect(() => {
    document.title = t('app.title');
  }, [t]);
  let page;
  if (path.startsWith('/teacher')) page = <TeacherArea path={path} />;
  else if (path === '/lab') page = <StudentLabPage />;
  else page = <JoinPage />;
  return (
    <>
      <header className="app-header">
        <a className="brand" href="#/">
          {t('app.title')}
        </a>
        <div className="header-tools">
          <label className="large-type-toggle">
            <input type="checkbox" checked={largeType} onChange={(e) => setLargeType(e.target.checked)} /> {t('app.largeType')}
          </label>
          <LanguageToggle />
        </div>
      </header>
      {page}
    </>
  );
}
