/** The way into quiz mode: for the instructor on the class dashboard, for a student on the waiting screen (only while their class has a quiz). */
import { useEffect, useState } from 'react';
import type { SeatQuiz } from '@tcp-lab/lab-protocol';
import { api } from '../../api/http';
import { useQuizLang } from './QuizParts';

export function InstructorQuizLink({ classroomId }: { classroomId: string }) {
  const { t } = useQuizLang();
  return (
    <a href={`#/teacher/class/${classroomId}/quiz`} data-testid="quiz-link">
      {t('quiz.link')}
    </a>
  );
}

export function StudentQuizLink({ token }: { token: string | null }) {
  const { t } = useQuizLang();
  const [hasQuiz, setHasQuiz] = useState(false);
  useEffect(() => {
    if (!token) return;
    let cancelled = false;
    const check = () =>
      api<SeatQuiz>('/seats/me/quiz', { token }).then(
        (answer) => !cancelled && setHasQuiz(answer.quiz !== null),
        () => undefined,
      );
    void check();
    // the waiting screen has no quiz socket: look again now and then, so a quiz started meanwhile shows up
    const timer = setInterval(() => void check(), 5000);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [token]);
  if (!hasQuiz) return null;
  return (
    <a className="button primary" href="#/quiz" data-testid="quiz-link">
      {t('quiz.link')}
    </a>
  );
}
