/** Small pieces of the quiz screens: the countdown, a decision with its verdict, the leaderboard, the gradebook. */
import { TRANSITIONS, answerLabel, type Answer, type Bilingual } from '@tcp-lab/tcp-core';
import { ruleTitle } from '../diagramLayout';
import { plainWords } from '../MoveFeedback';
import { ensureQuizTexts } from '../../i18n/quiz';
import { useLang } from '../../i18n';
import { useNow } from '../../lib/useNow';
import './quiz.css';
import type {
  GradebookRow,
  InstructorQuizView,
  StudentDecision,
  StudentQuizView,
} from '@tcp-lab/lab-protocol';

/** `t` with the quiz texts loaded. */
export function useQuizLang() {
  ensureQuizTexts();
  return useLang();
}

/** An answer as the quiz shows it: tcp-core's label (the one the lab's feedback uses), "no segment" in the reader's language. */
export function useAnswerText(): (answer: Answer | undefined) => string {
  const { t } = useQuizLang();
  return (answer) => (answer ? answerLabel(answer, t('feedback.noSegment')) : '—');
}

/**
 * Time left until `deadlineAt`, by the server's clock: the offset between the server's `serverNow` and this
 * browser's clock is taken once, so a student's wrong clock does not shorten or lengthen the time.
 */
export function QuizTimer({
  deadlineAt,
  serverNow,
  receivedAt,
}: {
  deadlineAt: string;
  serverNow: string;
  receivedAt: number;
}) {
  const { t } = useQuizLang();
  const now = useNow(1000);
  const skew = Date.parse(serverNow) - receivedAt;
  const left = Math.max(0, Math.ceil((Date.parse(deadlineAt) - (now + skew)) / 1000));
  const text = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
  return (
    <p className={`quiz-timer ${left <= 10 ? 'quiz-timer--low' : ''}`} data-testid="quiz-timer" role="timer">
      {left === 0 ? t('quiz.play.timeUp') : `${t('quiz.play.timeLeft')}: ${text}`}
    </p>
  );
}

export function DecisionItem({ decision, index }: { decision: StudentDecision; index: number }) {
  const { t, pick } = useQuizLang();
  const answerText = useAnswerText();
  return (
    <li className={`quiz-decision quiz-decision--${decision.outcome}`} data-testid="quiz-decision">
      <span className="quiz-decision__head">
        {index + 1}. {pick(decision.event)} — <strong>{t(`quiz.play.${decision.outcome}`)}</strong>
      </span>
      {decision.given && (
        <span className="small">
          {t('quiz.play.given')}: <code>{answerText(decision.given)}</code>
        </span>
      )}
      {decision.outcome === 'incorrect' && decision.expected && (
        <span className="small">
          {t('quiz.play.expected')}: <code>{answerText(decision.expected)}</code>
        </span>
      )}
      {/* the reason as the lab's feedback shows it: the RFC section and the explanation, not the rule's id */}
      {decision.mistake && <span className="small muted">{plainWords(pick(decision.mistake.reason))}</span>}
    </li>
  );
}

export function StudentLeaderboard({ lines }: { lines: NonNullable<StudentQuizView['leaderboard']> }) {
  const { t } = useQuizLang();
  return (
    <section className="card quiz-leaderboard" data-testid="quiz-leaderboard">
      <h2>{t('quiz.leaderboard')}</h2>
      <ol>
        {lines.map((line) => (
          <li key={`${line.rank}-${line.displayName}`} value={line.rank} className={line.you ? 'you' : ''}>
            {line.displayName}
            {line.you ? ` (${t('quiz.you')})` : ''} —{' '}
            {line.points !== undefined
              ? t('quiz.pointsN', { count: line.points })
              : t('quiz.answeredN', { count: line.answered })}
          </li>
        ))}
      </ol>
    </section>
  );
}

const OUTCOME_MARK = { correct: '✓', incorrect: '✗', missed: '–', open: '·' } as const;

export function GradebookTable({
  tasks,
  rows,
}: {
  tasks: Array<{ id: string; position: number; title: Bilingual }>;
  rows: GradebookRow[];
}) {
  const { t, pick, lang } = useQuizLang();
  return (
    <table className="quiz-gradebook" data-testid="quiz-gradebook">
      <thead>
        <tr>
          <th scope="col">{t('quiz.student')}</th>
          {tasks.map((task) => (
            <th key={task.id} scope="col" title={pick(task.title)}>
              T{task.position + 1}
            </th>
          ))}
          <th scope="col">{t('quiz.total')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.seatId}>
            <th scope="row">{row.displayName}</th>
            {row.cells.map((cell) => (
              <td
                key={cell.taskId}
                className={`cell--${cell.status}`}
                title={t(`quiz.status.${cell.status}`)}
              >
                {cell.points}/{cell.max}{' '}
                <span
                  className="quiz-outcomes"
                  aria-label={cell.outcomes
                    .map((o) => `${ruleTitle(o.ruleId, TRANSITIONS, lang)}: ${t(`quiz.play.${o.outcome}`)}`)
                    .join('; ')}
                >
                  {cell.outcomes.map((o, i) => (
                    <span
                      key={i}
                      className={`quiz-outcome quiz-outcome--${o.outcome}`}
                      title={`${ruleTitle(o.ruleId, TRANSITIONS, lang)}: ${t(`quiz.play.${o.outcome}`)}`}
                    >
                      {OUTCOME_MARK[o.outcome]}
                    </span>
                  ))}
                </span>
              </td>
            ))}
            <td>
              <strong>{row.total}</strong>/{row.max}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function MostMissedList({ rows }: { rows: InstructorQuizView['mostMissed'] }) {
  const { t, lang } = useQuizLang();
  const missed = rows.filter((row) => row.incorrect + row.missed > 0);
  if (missed.length === 0) return <p className="muted">{t('quiz.noMissed')}</p>;
  return (
    <table className="quiz-missed" data-testid="quiz-most-missed">
      <thead>
        <tr>
          <th scope="col">{t('quiz.rule')}</th>
          <th scope="col">{t('quiz.decisions')}</th>
          <th scope="col">{t('quiz.incorrect')}</th>
          <th scope="col">{t('quiz.missed')}</th>
        </tr>
      </thead>
      <tbody>
        {missed.map((row) => (
          <tr key={row.ruleId}>
            <td data-rule-id={row.ruleId}>{ruleTitle(row.ruleId, TRANSITIONS, lang)}</td>
            <td>{row.decisions}</td>
            <td>{row.incorrect}</td>
            <td>{row.missed}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
