/**
 * What the teacher projects: the class (join screen and every lab's states) and one lab (diagram and ladder), at
 * full screen with type readable from the back of a room (arrow labels and state names of 18 px and more at
 * 1920×1080). Read-only: nothing here changes a lab.
 */
import { LAB_STATUS_CHOICES, labelOf } from '@tcp-lab/tcp-core';
import { instructorToken } from '../api/session';
import { useLang } from '../i18n';
import { useLabWatch } from '../lib/useLabWatch';
import { useClassWatch } from '../lib/useClassWatch';
import { JoinScreen } from '../components/JoinAddress';
import { LabDiagrams, LabHeader } from '../components/LabView';

function FullScreenButton() {
  const { t } = useLang();
  return (
    <button
      type="button"
      onClick={() => void document.documentElement.requestFullscreen?.().catch(() => undefined)}
    >
      {t('projector.fullScreen')}
    </button>
  );
}

export function ClassProjectorPage({ classroomId }: { classroomId: string }) {
  const { t, pick } = useLang();
  const { classroom, labs } = useClassWatch(classroomId);
  return (
    <main className="page page--wide projector-view" data-testid="class-projector">
      <div className="page-title-row">
        <h1>{classroom?.name ?? t('dashboard.loading')}</h1>
        <a href={`#/teacher/class/${classroomId}`}>{t('watch.back')}</a>
        <FullScreenButton />
      </div>
      <JoinScreen joinCode={classroom?.joinCode ?? null} />
      <section aria-label={t('dashboard.labs')}>
        <h2>
          {t('dashboard.labs')} ({labs.length})
        </h2>
        <ul className="projector-labs">
          {labs.map((lab) => (
            <li key={lab.id} className="card" data-lab-id={lab.id}>
              <span className="endpoint endpoint--client">
                {lab.seats.client?.displayName ?? t('lab.builtIn')}: <strong>{lab.states.client}</strong>
              </span>
              <span className="endpoint endpoint--server">
                {lab.seats.server?.displayName ?? t('lab.builtIn')}: <strong>{lab.states.server}</strong>
              </span>
              <span className="muted">{pick(labelOf(LAB_STATUS_CHOICES, lab.status))}</span>
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}

export function LabProjectorPage({ labId }: { labId: string }) {
  const { t } = useLang();
  const token = instructorToken.get();
  const { snapshot, message } = useLabWatch(labId, token);
  return (
    <main className="page page--wide projector-view" data-testid="lab-projector">
      <div className="page-title-row">
        <h1>{t('projector.labTitle')}</h1>
        <a href={`#/teacher/lab/${labId}`}>{t('watch.back')}</a>
        <FullScreenButton />
      </div>
      {message && (
        <p className="error" role="alert">
          {message}
        </p>
      )}
      {!snapshot ? (
        <p>{t('lab.loading')}</p>
      ) : (
        <>
          <LabHeader snapshot={snapshot} />
          <LabDiagrams snapshot={snapshot} size="projector" />
        </>
      )}
    </main>
  );
}
