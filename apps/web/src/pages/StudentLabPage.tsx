/**
 * The student's seat: waits until paired, then shows the lab. The seat token in localStorage makes a reload
 * rejoin the same seat: GET /api/seats/me, reconnect the socket, 'lab:join' again.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Bilingual, Move, Profile } from '@tcp-lab/tcp-core';
import { api, ApiError } from '../api/http';
import { seatToken } from '../api/session';
import { connectSocket, request, sendMove, type LabSocket } from '../api/socket';
import {
  SOCKET_EVENTS,
  type JoinAck,
  type LabJoinPayload,
  type LabProfilePayload,
  type LabSnapshot,
  type LabStatusMessage,
  type LabUpdateMessage,
  type MoveAck,
  type ProfileAck,
  type Rejection,
  type SeatMe,
  type SeatPairedMessage,
} from '@tcp-lab/lab-protocol';
import { useLang } from '../i18n';
import { navigate } from '../lib/router';
import { seatGone } from '../lib/seatGone';
import { appendEntry, mergeUpdate } from '../lib/snapshot';
import { LabDiagrams, LabHeader, TcbPanels } from '../components/LabView';
import { MovePanel } from '../components/MovePanel';
import { StudentQuizLink } from '../components/quiz/QuizLink';
import { PcapDownload } from '../components/PcapDownload';
import { StudentLinuxPeer } from '../components/StudentLinuxPeer';
import { ProfileFlip } from '../components/ProfileFlip';
import { PULLED_BY_QUIZ } from './quiz/StudentQuizPage';
import type { SeatQuiz } from '@tcp-lab/lab-protocol';

/** The server ended the lab because a seat of it left the class or was removed (the log's last entry says so). */
function endedBySeatRemoval(snapshot: LabSnapshot): boolean {
  const move = snapshot.transcript.at(-1)?.move as
    { by?: string; action?: string; cause?: string } | undefined;
  return (
    snapshot.status === 'ended' &&
    move?.by === 'control' &&
    move.action === 'end' &&
    move.cause === 'seat-removed'
  );
}

export function StudentLabPage() {
  const { t, pick } = useLang();
  const token = seatToken.get();
  const [me, setMe] = useState<SeatMe | null>(null);
  const [labId, setLabId] = useState<string | null>(null);
  const [snapshot, setSnapshot] = useState<LabSnapshot | null>(null);
  const [connected, setConnected] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const socketRef = useRef<LabSocket | null>(null);
  const labIdRef = useRef<string | null>(null);

  /** Off to the join screen; `why` (the seat was removed, the session expired) is said there. */
  const leave = useCallback((why?: Bilingual) => {
    socketRef.current?.disconnect();
    seatGone(why);
  }, []);
  /** "Leave this seat": the server takes the seat off the roster, so pairing never uses it again. */
  const leaveSeat = useCallback(async () => {
    try {
      await api('/seats/me', { method: 'DELETE', token });
    } catch {
      // already gone or unreachable: the seat is left on this device all the same
    }
    leave();
  }, [token]);
  /** The server refused the seat's token (removed by the teacher, expired): say why, if it said. */
  const refusedSeat = useCallback((caught: unknown) => {
    if (caught instanceof ApiError && caught.status === 401) leave(caught.reason);
    else if (caught instanceof ApiError && caught.status === 404) leave();
  }, []);

  const joinLab = useCallback(async (id: string) => {
    const socket = socketRef.current;
    if (!socket) return;
    labIdRef.current = id;
    setLabId(id);
    const ack = await request<JoinAck>(socket, SOCKET_EVENTS.labJoin, { labId: id } satisfies LabJoinPayload);
    if (ack.ok) {
      setSnapshot((previous) => mergeUpdate(previous, ack.lab));
      setError(null);
    } else setError(pick(ack.reason));
  }, []);

  // A delta that does not follow the snapshot on screen (a step was missed): ask for the snapshot again, once at a time.
  const resyncing = useRef(false);
  const resync = useCallback(() => {
    const id = labIdRef.current;
    if (!id || resyncing.current) return;
    resyncing.current = true;
    queueMicrotask(() => void joinLab(id).finally(() => (resyncing.current = false)));
  }, []);

  useEffect(() => {
    if (!token) {
      navigate('/join');
      return;
    }
    let cancelled = false;
    const socket = connectSocket(token);
    socketRef.current = socket;
    socket.on('connect', () => {
      setConnected(true);
      if (labIdRef.current) void joinLab(labIdRef.current);
    });
    socket.on('disconnect', (why: string) => {
      setConnected(false);
      // the server closed this seat's connection (it removes a seat that way): ask why
      if (why === 'io server disconnect')
        api<SeatMe>('/seats/me', { token }).then(() => socket.connect(), refusedSeat);
    });
    socket.on('connect_error', (err: Error & { data?: { reason?: Bilingual } }) => {
      if (err.message === 'UNAUTHORIZED' || err.message === 'TOKEN_EXPIRED') leave(err.data?.reason);
    });
    socket.on(SOCKET_EVENTS.seatPaired, (message: SeatPairedMessage) => void joinLab(message.labId));
    socket.on(SOCKET_EVENTS.labUpdate, (message: LabUpdateMessage) => {
      if (message.labId === labIdRef.current)
        setSnapshot((previous) => mergeUpdate(previous, message.lab, message.entry, resync));
    });
    socket.on(SOCKET_EVENTS.labStatus, (message: LabStatusMessage) => {
      if (message.lab.id === labIdRef.current) setSnapshot((previous) => mergeUpdate(previous, message.lab));
    });
    api<SeatMe>('/seats/me', { token })
      .then((seat) => {
        if (cancelled) return;
        setMe(seat);
        if (seat.labId) void joinLab(seat.labId);
      })
      .catch((caught) => {
        if (caught instanceof ApiError && (caught.status === 401 || caught.status === 404))
          refusedSeat(caught);
        else if (caught instanceof ApiError) setError(pick(caught.reason));
      });
    return () => {
      cancelled = true;
      socket.disconnect();
    };
  }, [token]);

  // A quiz that starts pulls the student from wherever they are (lab or waiting screen): the lab socket does not
  // carry quiz events, so look now and then; a quiz already running when the page opened pulls too.
  useEffect(() => {
    if (!token) return;
    let cancelled = false;
    const seen = { quizId: null as string | null };
    const look = () =>
      api<SeatQuiz>('/seats/me/quiz', { token }).then((answer) => {
        if (cancelled || !answer.quiz || answer.quiz.status !== 'running') return;
        if (seen.quizId === answer.quiz.id) return;
        seen.quizId = answer.quiz.id;
        try {
          if (sessionStorage.getItem(`${PULLED_BY_QUIZ}.${answer.quiz.id}`) === '1') return; // came back
          sessionStorage.setItem(`${PULLED_BY_QUIZ}.${answer.quiz.id}`, '1');
          sessionStorage.setItem(PULLED_BY_QUIZ, '1');
        } catch {
          // no storage: pull anyway
        }
        navigate('/quiz');
      }, refusedSeat);
    void look();
    const timer = setInterval(() => void look(), 3000);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [token]);

  // the step of the view on screen: every move carries it, and the server refuses a stale one (STALE_VIEW)
  const stepRef = useRef<number | undefined>(undefined);
  useEffect(() => {
    stepRef.current = snapshot?.step;
  }, [snapshot]);

  const onMove = useCallback(async (move: Move): Promise<MoveAck> => {
    const socket = socketRef.current;
    const id = labIdRef.current;
    if (!socket || !id)
      return {
        ok: false,
        code: 'NO_LAB',
        reason: { en: 'You are not in a lab yet.', zh: '你还没有进入实验。' },
      };
    const ack = await sendMove(socket, id, move, stepRef.current);
    if (ack.ok) setSnapshot((previous) => mergeUpdate(previous, ack.lab, ack.entry, resync));
    else if (ack.entry && ack.lab)
      setSnapshot((previous) => mergeUpdate(previous, ack.lab!, ack.entry, resync)); // recorded, rejected
    else if (ack.entry) setSnapshot((previous) => appendEntry(previous, ack.entry!));
    else if (ack.lab) setSnapshot((previous) => mergeUpdate(previous, ack.lab!)); // STALE_VIEW: redraw
    return ack;
  }, []);

  /** 'lab:profile': a new round of this lab under `profile`; the snapshot comes back (and as lab:status). */
  const onFlip = useCallback(async (profile: Profile): Promise<Rejection | null> => {
    const socket = socketRef.current;
    const id = labIdRef.current;
    if (!socket || !id) return null;
    const ack = await request<ProfileAck>(socket, SOCKET_EVENTS.labProfile, {
      labId: id,
      profile,
    } satisfies LabProfilePayload);
    if (!ack.ok) return ack;
    setSnapshot((previous) => mergeUpdate(previous, ack.lab));
    return null;
  }, []);

  const role = snapshot?.yourRole ?? me?.role ?? null;
  return (
    <main className="page page--wide">
      <div className="seat-bar">
        <span>
          {me ? t('lab.seat', { name: me.seat.displayName, classroom: me.classroom.name }) : t('lab.loading')}
          {role && (
            <>
              {' '}
              · {t('lab.youPlay')}{' '}
              <strong className={`role-${role}`} data-testid="my-role">
                {t(`role.${role}`)}
              </strong>
            </>
          )}
        </span>
        <span className={`connection ${connected ? 'connection--on' : 'connection--off'}`}>
          {connected ? t('lab.online') : t('lab.offline')}
        </span>
        <button
          type="button"
          className="link-button"
          onClick={() => {
            if (window.confirm(t('confirm.leave'))) void leaveSeat();
          }}
        >
          {t('lab.leave')}
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!labId || !snapshot || !role ? (
        <section className="card waiting" data-testid="waiting">
          <h1>{t('lab.waitingTitle')}</h1>
          <p>{t('lab.waitingText')}</p>
          <StudentQuizLink token={token} />
          <div className="spinner" aria-hidden="true" />
        </section>
      ) : (
        <div className="lab-layout lab-layout--student" data-testid="lab-screen">
          <div className="lab-top">
            <LabHeader
              snapshot={snapshot}
              showTcb={false}
              profileAction={<ProfileFlip snapshot={snapshot} onFlip={onFlip} />}
            />
          </div>
          {/* the controls come before the diagrams in reading order: a keyboard or a phone reaches them first */}
          <aside className="lab-side" id="controls" tabIndex={-1}>
            {snapshot.status !== 'running' && (
              <p className="notice" role="status" data-testid="lab-status-notice">
                {endedBySeatRemoval(snapshot)
                  ? t('lab.partnerGone')
                  : t(`lab.statusNotice.${snapshot.status}`)}
              </p>
            )}
            <PcapDownload labId={labId} token={token} rounds={snapshot.round} />
            <StudentLinuxPeer snapshot={snapshot} role={role} token={token} />
            {/* a new lab, round or scenario starts with clean feedback */}
            <MovePanel
              key={`${snapshot.id}:${snapshot.round}:${snapshot.scenarioId ?? ''}:${snapshot.mode}`}
              lab={snapshot.lab}
              role={role}
              onMove={onMove}
              clockRate={snapshot.clockRate}
            />
          </aside>
          <div className="lab-tcb">
            <TcbPanels snapshot={snapshot} />
          </div>
          <div className="lab-main">
            <LabDiagrams snapshot={snapshot} />
          </div>
        </div>
      )}
    </main>
  );
}
