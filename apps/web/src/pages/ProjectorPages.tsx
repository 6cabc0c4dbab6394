/**
 * What the teacher projects: the class (join screen and every lab's states) and one lab (diagram and ladder), at
 * full screen with type readable from the back of a room (arrow labels and state names of 18 px and more at
 * 1920×1080). Read-only: nothing here changes a lab.
 */
import { useLayoutEffect, useRef } from 'react';
import { LAB_STATUS_CHOICES, labelOf } from '@tcp-lab/tcp-core';
import { instructorToken } from '../api/session';
import { useLang } from '../i18n';
import { useLabWatch } from '../lib/useLabWatch';
import { useClassWatch } from '../lib/useClassWatch';
import { JoinScreen } from '../components/JoinAddress';
import { LabHeader, TcbPanels, TranscriptAsText } from '../components/LabView';
import { Ladder } from '../components/Ladder';
import { StateDiagram } from '../components/StateDiagram';

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

/**
 * One lab on one 1920×1080 screen, nothing to scroll: the state diagram fills the screen's height on the left (its
 * wide projector layout, labels 18 px or more); on the right the lab's header (who plays what, the states, the
 * status), the diagram's legend, the ladder (its own scroll, kept at the latest row) and the two TCBs.
 */
export function LabProjectorPage({ labId }: { labId: string }) {
  const { t } = useLang();
  const token = instructorToken.get();
  const { snapshot, message } = useLabWatch(labId, token);
  const ladder = useRef<HTMLDivElement>(null);
  const rows = snapshot?.transcript.length ?? 0;
  // the class looks at what just happened: a long ladder stays scrolled to its latest row
  useLayoutEffect(() => {
    const box = ladder.current;
    if (box) box.scrollTop = box.scrollHeight;
  }, [rows]);
  return (
    <main className="page page--wide projector-view projector-lab" data-testid="lab-projector">
      {!snapshot ? (
        <>
          <LabProjectorTitle labId={labId} />
          {message && (
            <p className="error" role="alert">
              {message}
            </p>
          )}
          <p>{t('lab.loading')}</p>
        </>
      ) : (
        <>
          <StateDiagram
            current={snapshot.states}
            lastTransitions={snapshot.transcript.at(-1)?.transitions ?? []}
            settings={snapshot.lab.settings}
            size="projector"
            className="projector-diagram"
          />
          <div className="projector-side">
            <LabProjectorTitle labId={labId} />
            {message && (
              <p className="error" role="alert">
                {message}
              </p>
            )}
            <LabHeader snapshot={snapshot} showTcb={false} />
            {/* a long ladder scrolls here: reachable by keyboard too (a focusable region with a name) */}
            <div
              className="projector-ladder"
              ref={ladder}
              data-testid="projector-ladder"
              role="region"
              aria-label={t('ladder.title')}
              tabIndex={0}
            >
              <Ladder
                entries={snapshot.transcript}
                states={snapshot.states}
                names={{
                  client: snapshot.seats.client?.displayName,
                  server: snapshot.seats.server?.displayName,
                }}
                size="projector"
              />
            </div>
            <TcbPanels snapshot={snapshot} />
            <TranscriptAsText snapshot={snapshot} />
          </div>
        </>
      )}
    </main>
  );
}

function LabProjectorTitle({ labId }: { labId: string }) {
  const { t } = useLang();
  return (
    <div className="page-title-row">
      <h1>{t('projector.labTitle')}</h1>
      <a href={`#/teacher/lab/${labId}`}>{t('watch.back')}</a>
      <FullScreenButton />
    </div>
  );
}
