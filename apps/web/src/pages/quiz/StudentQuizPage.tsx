/**
 * The student's quiz screen: the current task and the event to answer, the stack-mode answer composer (the same
 * component as in the lab), the countdown, feedback as the quiz's mode allows, and the results at the end.
 * A reload or a lost connection rejoins with the seat token: the server keeps the score and the place.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Socket } from 'socket.io-client';
import { segmentLabel, type Answer } from '@tcp-lab/tcp-core';
import {
  QUIZ_EVENTS,
  type AnswerVerdict,
  type QuizJoinAck,
  type QuizJoinPayload,
  type QuizStateMessage,
  type StudentQuizView,
} from '@tcp-lab/lab-protocol';
import type { SeatMe } from '@tcp-lab/lab-protocol';
import type { Bilingual } from '@tcp-lab/tcp-core';
import { api } from '../../api/http';
import { seatToken } from '../../api/session';
import { request } from '../../api/socket';
import { AnswerComposer } from '../../components/MovePanel';
import { TcbPanel } from '../../components/TcbPanel';
import {
  DecisionItem,
  QuizTimer,
  StudentLeaderboard,
  useAnswerText,
  useQuizLang,
} from '../../components/quiz/QuizParts';
import { connectQuizSocket, sendAnswer } from '../../components/quiz/quizApi';
import { navigate } from '../../lib/router';
import { seatGone, seatRefused } from '../../lib/seatGone';

export const PULLED_BY_QUIZ = 'tcp-lab.pulledByQuiz';

export function StudentQuizPage() {
  const { t, pick } = useQuizLang();
  const answerText = useAnswerText();
  const token = seatToken.get();
  const [view, setView] = useState<StudentQuizView | null | undefined>(undefined);
  const [receivedAt, setReceivedAt] = useState(() => Date.now());
  const [connected, setConnected] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [lastAck, setLastAck] = useState<{ verdict: AnswerVerdict | undefined } | null>(null);
  const socketRef = useRef<Socket | null>(null);
  // brought here from the lab by a quiz that started (StudentLabPage sets this): say so once
  const [pulled] = useState(() => {
    try {
      const flag = sessionStorage.getItem(PULLED_BY_QUIZ) === '1';
      sessionStorage.removeItem(PULLED_BY_QUIZ);
      return flag;
    } catch {
      return false;
    }
  });

  const show = useCallback((next: StudentQuizView | null) => {
    setView(next);
    setReceivedAt(Date.now());
  }, []);

  // the next quiz starts with no verdict or error from the one before
  const scene = view?.quiz.id ?? '';
  useEffect(() => {
    setLastAck(null);
    setError(null);
  }, [scene]);

  useEffect(() => {
    if (!token) {
      navigate('/join');
      return;
    }
    const socket = connectQuizSocket(token);
    socketRef.current = socket;
    socket.on('connect', () => {
      setConnected(true);
      void request<QuizJoinAck>(socket, QUIZ_EVENTS.join, {} satisfies QuizJoinPayload).then((ack) => {
        if (ack.ok) show(ack.quiz);
        else setError(pick(ack.reason));
      });
    });
    socket.on('disconnect', (why: string) => {
      setConnected(false);
      // the server closed this seat's connection (it removes a seat that way): ask why, as the lab page does
      if (why === 'io server disconnect')
        api<SeatMe>('/seats/me', { token }).then(
          () => socket.connect(),
          (caught: unknown) => void seatRefused(caught),
        );
    });
    socket.on('connect_error', (err: Error & { data?: { reason?: Bilingual } }) => {
      if (err.message === 'UNAUTHORIZED' || err.message === 'TOKEN_EXPIRED') seatGone(err.data?.reason);
    });
    socket.on(QUIZ_EVENTS.state, (message: QuizStateMessage) => show(message.quiz));
    return () => {
      socket.disconnect();
    };
  }, [token]);

  const current = view?.current ?? null;
  const onAnswer = async (answer: Answer): Promise<boolean> => {
    const socket = socketRef.current;
    if (!socket || !view || !current) return false;
    const ack = await sendAnswer(socket, view.quiz.id, current.runId, { by: current.role, answer });
    if (!ack.ok) {
      setError(pick(ack.reason));
      return false;
    }
    setError(null);
    setLastAck({ verdict: ack.verdict });
    show(ack.quiz);
    return true;
  };

  return (
    <main className="page page--wide quiz-page" data-testid="student-quiz">
      <div className="seat-bar">
        <span>
          {t('quiz.title')}
          {view ? `: ${view.quiz.title}` : ''}
        </span>
        <span className={`connection ${connected ? 'connection--on' : 'connection--off'}`}>
          {connected ? t('lab.online') : t('lab.offline')}
        </span>
        <a href="#/lab">{t('quiz.play.back')}</a>
      </div>
      {pulled && (
        <p className="notice banner" role="status" data-testid="quiz-pulled">
          {t('quiz.play.pulled')}
        </p>
      )}
      {error && (
        <p className="error" role="alert" data-testid="quiz-error">
          {error}
        </p>
      )}
      {lastAck && (
        <p
          className={`quiz-verdict ${lastAck.verdict ? (lastAck.verdict.correct ? 'ok' : 'bad') : ''}`}
          data-testid="quiz-verdict"
          role="status"
        >
          {lastAck.verdict === undefined
            ? t('quiz.play.recorded')
            : lastAck.verdict.correct
              ? t('quiz.play.verdictCorrect')
              : `${t('quiz.play.verdictIncorrect')} ${t('quiz.play.expected')}: ${answerText(lastAck.verdict.expected)}`}
        </p>
      )}
      {view === undefined && <p>{t('lab.loading')}</p>}
      {view === null && (
        <section className="card waiting">
          <p>{t('quiz.play.none')}</p>
        </section>
      )}
      {view && (
        <div className="lab-layout">
          <div className="lab-main">
            {current && (
              <section className="card quiz-current" data-testid="quiz-current">
                <h1>
                  {t('quiz.play.task', { n: current.position + 1, total: view.tasks.length })}:{' '}
                  {pick(current.title)}
                </h1>
                <p>
                  {t('quiz.play.youPlay')}{' '}
                  <strong className={`role-${current.role}`}>{t(`role.${current.role}`)}</strong> ·{' '}
                  {current.partner
                    ? t('quiz.play.partner', { name: current.partner })
                    : t('quiz.play.builtIn')}{' '}
                  · {t('quiz.play.isn', { isn: current.isn })}
                </p>
                {current.deadlineAt && (
                  <QuizTimer
                    deadlineAt={current.deadlineAt}
                    serverNow={view.serverNow}
                    receivedAt={receivedAt}
                  />
                )}
                {current.scene && (
                  <div className="quiz-scene" data-testid="quiz-scene">
                    <p>{t('quiz.play.scene', current.scene.states)}</p>
                    <p className="small">
                      {t('quiz.play.onTheWire')}:{' '}
                      {current.scene.inFlight.length === 0
                        ? t('quiz.play.nothingOnTheWire')
                        : current.scene.inFlight
                            .map((s) => `${t(`role.${s.from}`)}: ${segmentLabel(s)}`)
                            .join(' · ')}
                    </p>
                  </div>
                )}
                {current.tcb && <TcbPanel role={current.role} tcb={current.tcb} clock={current.clock ?? 0} />}
                {!view.feedbackShown && <p className="muted small">{t('quiz.play.examNote')}</p>}
                {current.waitingForPartner ? (
                  <p className="notice" role="status" data-testid="quiz-partner-absent">
                    {t('quiz.play.partnerAbsent', { name: current.partner ?? '' })}
                  </p>
                ) : current.turn === 'you' ? (
                  <AnswerComposer
                    key={`${current.runId}-${current.history.length}`}
                    tcb={current.tcb}
                    pending={current.pending}
                    onAnswer={onAnswer}
                  />
                ) : (
                  <p className="notice">{t('quiz.play.waitPartner')}</p>
                )}
                <h2>{t('quiz.play.history')}</h2>
                {current.history.length === 0 ? (
                  <p className="muted">{t('quiz.play.noHistory')}</p>
                ) : (
                  <ol className="quiz-decisions">
                    {current.history.map((decision, index) => (
                      <DecisionItem key={index} decision={decision} index={index} />
                    ))}
                  </ol>
                )}
              </section>
            )}
            {view.done && (
              <section className="card quiz-results" data-testid="quiz-results">
                <h1>{view.quiz.status === 'ended' ? t('quiz.play.ended') : t('quiz.play.done')}</h1>
                {view.total ? (
                  <p className="quiz-score">{t('quiz.play.score', view.total)}</p>
                ) : (
                  <p className="muted">{t('quiz.play.examNote')}</p>
                )}
              </section>
            )}
          </div>
          <aside className="lab-side">
            <section className="card">
              <h2>{t('quiz.play.results')}</h2>
              <ol className="quiz-task-list">
                {view.tasks.map((task) => (
                  <li key={task.id} data-testid="quiz-task">
                    <strong>{pick(task.title)}</strong> — {t(`quiz.status.${task.status}`)}
                    {task.points !== undefined
                      ? ` · ${task.points}/${task.decisions}`
                      : ` · ${task.answered}/${task.decisions} ${t('quiz.answered')}`}
                    {task.review && (
                      <ol className="quiz-decisions">
                        {task.review.map((decision, index) => (
                          <DecisionItem key={index} decision={decision} index={index} />
                        ))}
                      </ol>
                    )}
                  </li>
                ))}
              </ol>
            </section>
            {view.leaderboard && <StudentLeaderboard lines={view.leaderboard} />}
          </aside>
        </div>
      )}
    </main>
  );
}
