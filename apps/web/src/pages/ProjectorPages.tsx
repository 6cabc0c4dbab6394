/**
 * What the teacher projects: the class (join screen and every lab's states) and one lab (diagram and ladder), at
 * full screen with type readable from the back of a room (arrow labels and state names of 18 px and more at
 * 1920×1080). Read-only: nothing here changes a lab.
 */
import { useEffect, useRef, useState } from 'react';
import {
  SOCKET_EVENTS,
  type JoinAck,
  type LabJoinPayload,
  type LabSnapshot,
  type LabStatusMessage,
  type LabUpdateMessage,
} from '@tcp-lab/lab-protocol';
import { LAB_STATUS_CHOICES, labelOf } from '@tcp-lab/tcp-core';
import { instructorToken } from '../api/session';
import { connectSocket, request } from '../api/socket';
import { useLang } from '../i18n';
import { mergeUpdate } from '../lib/snapshot';
import { signOutOnAuthError, useClassWatch } from '../lib/useClassWatch';
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
  const { t, pick } = useLang();
  const token = instructorToken.get();
  const [snapshot, setSnapshot] = useState<LabSnapshot | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const joined = useRef(false);
  useEffect(() => {
    if (!token) return;
    const socket = connectSocket(token);
    socket.on('connect', async () => {
      const ack = await request<JoinAck>(socket, SOCKET_EVENTS.labJoin, { labId } satisfies LabJoinPayload);
      joined.current = ack.ok;
      if (ack.ok) setSnapshot((previous) => mergeUpdate(previous, ack.lab));
      else setMessage(pick(ack.reason));
    });
    socket.on('connect_error', signOutOnAuthError);
    socket.on(SOCKET_EVENTS.labUpdate, (update: LabUpdateMessage) => {
      if (update.labId === labId) setSnapshot((previous) => mergeUpdate(previous, update.lab, update.entry));
    });
    socket.on(SOCKET_EVENTS.labStatus, (update: LabStatusMessage) => {
      if (update.lab.id === labId) setSnapshot((previous) => mergeUpdate(previous, update.lab));
    });
    return () => {
      socket.disconnect();
    };
  }, [labId, token]);
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
