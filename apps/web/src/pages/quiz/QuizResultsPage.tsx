/**
 * One quiz for the instructor: start and end it, show or hide the leaderboard to students, watch the leaderboard,
 * the class's most-missed transitions (on the state diagram, coloured like the mistakes heat map) and the
 * gradebook live over the /quiz socket; download the gradebook as CSV; regrade from the stored transcripts.
 */
import { useEffect, useState } from 'react';
import {
  QUIZ_EVENTS,
  type InstructorQuizView,
  type QuizResultsMessage,
  type QuizWatchAck,
  type QuizWatchPayload,
} from '@tcp-lab/lab-protocol';
import { api, ApiError } from '../../api/http';
import { instructorToken } from '../../api/session';
import { request } from '../../api/socket';
import { StateDiagram, type RuleHeat } from '../../components/StateDiagram';
import { GradebookTable, MostMissedList, useQuizLang } from '../../components/quiz/QuizParts';
import { connectQuizSocket } from '../../components/quiz/quizApi';

export function QuizResultsPage({ quizId }: { quizId: string }) {
  const { t, pick } = useQuizLang();
  const token = instructorToken.get();
  const [view, setView] = useState<InstructorQuizView | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    if (!token) return;
    const socket = connectQuizSocket(token);
    socket.on('connect', () => {
      void request<QuizWatchAck>(socket, QUIZ_EVENTS.watch, { quizId } satisfies QuizWatchPayload).then(
        (ack) => {
          if (ack.ok) setView(ack.quiz);
          else setMessage(pick(ack.reason));
        },
      );
    });
    socket.on(QUIZ_EVENTS.results, (event: QuizResultsMessage) => {
      if (event.quiz.quiz.id === quizId) setView(event.quiz);
    });
    return () => {
      socket.disconnect();
    };
  }, [quizId, token]);

  const act = async (path: string, body?: unknown) => {
    setMessage(null);
    try {
      return await api<unknown>(path, { method: 'POST', body: body ?? {}, token });
    } catch (caught) {
      setMessage(caught instanceof ApiError ? pick(caught.reason) : String(caught));
      return null;
    }
  };
  const control = async (action: string) => {
    const next = (await act(`/quizzes/${quizId}/control`, { action })) as InstructorQuizView | null;
    if (next) setView(next);
  };
  const regrade = async () => {
    const result = (await act(`/quizzes/${quizId}/regrade`)) as { changed: number } | null;
    if (result) setMessage(t('quiz.regraded', { changed: result.changed }));
  };

  if (!view) return <main className="page">{message ?? t('lab.loading')}</main>;
  const { quiz } = view;
  const heat: Record<string, RuleHeat> = Object.fromEntries(
    view.mostMissed.map((row) => [
      row.ruleId,
      { attempts: row.decisions, mistakes: row.incorrect + row.missed },
    ]),
  );
  const csvLink = (lang: 'en' | 'zh') =>
    `/api/quizzes/${quizId}/gradebook.csv?lang=${lang}&token=${encodeURIComponent(token ?? '')}`;

  return (
    <main className="page page--wide quiz-results-page" data-testid="quiz-results-page">
      <div className="page-title-row">
        <h1>{quiz.title}</h1>
        <span className="state-chip" data-testid="quiz-status">
          {t(`quiz.status.${quiz.status}`)}
        </span>
        <span>{t(`quiz.feedback.${quiz.feedback}`)}</span>
        <a href={`#/teacher/class/${quiz.classroomId}/quiz`}>{t('quiz.builder.title')}</a>
        <a href={`#/teacher/class/${quiz.classroomId}`}>{t('quiz.builder.back')}</a>
      </div>
      {message && (
        <p className="notice" role="status">
          {message}
        </p>
      )}
      <div className="button-row">
        {quiz.status === 'draft' && (
          <button type="button" className="primary" onClick={() => void control('start')}>
            {t('quiz.control.start')}
          </button>
        )}
        {quiz.status === 'running' && (
          <button
            type="button"
            className="danger"
            onClick={() => window.confirm(t('confirm.endQuiz')) && void control('end')}
          >
            {t('quiz.control.end')}
          </button>
        )}
        <button
          type="button"
          onClick={() => void control(quiz.leaderboardVisible ? 'hide-leaderboard' : 'show-leaderboard')}
          aria-pressed={quiz.leaderboardVisible}
        >
          {quiz.leaderboardVisible ? t('quiz.control.hideLeaderboard') : t('quiz.control.showLeaderboard')}
        </button>
        <button type="button" onClick={() => void regrade()}>
          {t('quiz.control.regrade')}
        </button>
      </div>

      <div className="lab-layout">
        <div className="lab-main">
          <section className="card">
            <h2>{t('quiz.gradebook')}</h2>
            <GradebookTable tasks={view.tasks} rows={view.gradebook} />
            <p>
              <a href={csvLink('en')} download data-testid="gradebook-csv">
                {t('quiz.downloadCsv')}
              </a>{' '}
              ·{' '}
              <a href={csvLink('zh')} download>
                {t('quiz.downloadCsvZh')}
              </a>
            </p>
            <p className="muted small">{t('quiz.scoring')}</p>
            <ol className="small">
              {view.tasks.map((task) => (
                <li key={task.id}>
                  T{task.position + 1}: {pick(task.title)} — {t(`role.${task.role}`)} ·{' '}
                  {t(`quiz.pairing.${task.pairing}`)}
                </li>
              ))}
            </ol>
          </section>
          <section className="card">
            <h2>{t('quiz.mostMissed')}</h2>
            <MostMissedList rows={view.mostMissed} />
            <StateDiagram heat={heat} />
          </section>
        </div>
        <aside className="lab-side">
          <section className="card" data-testid="instructor-leaderboard">
            <h2>{t('quiz.leaderboard')}</h2>
            <p className="muted small">
              {quiz.leaderboardVisible ? t('quiz.leaderboardShown') : t('quiz.leaderboardHidden')}
            </p>
            <ol>
              {view.leaderboard.map((line) => (
                <li key={line.seatId} value={line.rank}>
                  {line.displayName} — {t('quiz.pointsN', { count: line.points })} (
                  {t('quiz.answeredN', { count: line.answered })})
                </li>
              ))}
            </ol>
          </section>
        </aside>
      </div>
    </main>
  );
}
