/**
 * The instructor's quiz builder for one class: pick tasks from the built-in catalogue (or paste a tcp-lab/1
 * script, checked by the server with tcp-core, which names the place of any error), choose practice or exam
 * feedback and a time limit, create the quiz; the class's earlier quizzes are listed to open.
 */
import { useEffect, useRef, useState } from 'react';
import { planTask, type Bilingual, type Role } from '@tcp-lab/tcp-core';
import type {
  CreateQuizRequest,
  InstructorQuizView,
  QuizCatalogueTask,
  QuizFeedback,
  QuizPairing,
  QuizSummary,
  QuizTaskInput,
} from '@tcp-lab/lab-protocol';
import { api, ApiError } from '../../api/http';
import { instructorToken } from '../../api/session';
import { useQuizLang } from '../../components/quiz/QuizParts';
import { navigate } from '../../lib/router';

interface DraftTask {
  input: QuizTaskInput;
  title: Bilingual;
  role: Role;
  pairing: QuizPairing;
}

export function QuizBuilderPage({ classroomId }: { classroomId: string }) {
  const { t, pick } = useQuizLang();
  const token = instructorToken.get();
  const [catalogue, setCatalogue] = useState<QuizCatalogueTask[]>([]);
  const [quizzes, setQuizzes] = useState<QuizSummary[]>([]);
  const [title, setTitle] = useState('');
  const [feedback, setFeedback] = useState<QuizFeedback>('practice');
  // exam only: whether students see their TCB (practice always shows it)
  const [examTcb, setExamTcb] = useState(false);
  const [limitScope, setLimitScope] = useState<'none' | 'task' | 'quiz'>('task');
  const [seconds, setSeconds] = useState('120');
  const [tasks, setTasks] = useState<DraftTask[]>([]);
  const [script, setScript] = useState('');
  const [scriptTitle, setScriptTitle] = useState<Bilingual>({ en: '', zh: '' });
  const [scriptRole, setScriptRole] = useState<Role>('client');
  const [scriptPairing, setScriptPairing] = useState<QuizPairing>('solo');
  const [setupMoves, setSetupMoves] = useState('0');
  const [error, setError] = useState<string | null>(null);
  // a pasted script's problem is said beside the script, where the teacher is looking (one message at a time)
  const [scriptError, setScriptErrorOnly] = useState<string | null>(null);
  const setScriptError = (message: string | null) => {
    setScriptErrorOnly(message);
    if (message) setError(null);
  };
  const scriptErrorRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (scriptError) scriptErrorRef.current?.scrollIntoView?.({ block: 'center' });
  }, [scriptError]);

  useEffect(() => {
    api<QuizCatalogueTask[]>('/quiz-catalogue', { token }).then(setCatalogue, () => setCatalogue([]));
    api<QuizSummary[]>(`/classrooms/${classroomId}/quizzes`, { token }).then(setQuizzes, () =>
      setQuizzes([]),
    );
  }, [classroomId, token]);

  const addCatalogue = (task: QuizCatalogueTask) =>
    setTasks((all) => [
      ...all,
      { input: { catalogId: task.id }, title: task.title, role: task.role, pairing: task.pairing },
    ]);
  /** Role and pairing can be changed per task (the server checks the role has decisions to make). */
  const changeTask = (index: number, change: Partial<Pick<DraftTask, 'role' | 'pairing'>>) =>
    setTasks((all) =>
      all.map((task, i) =>
        i === index ? { ...task, ...change, input: { ...task.input, ...change } } : task,
      ),
    );
  /** A catalogue task's script in the editor, to adapt (change the ISNs, drop a segment, move the setup point). */
  const editCopy = (task: QuizCatalogueTask) => {
    setScript(JSON.stringify(task.script, null, 2));
    setScriptTitle({ en: `${task.title.en} (edited)`, zh: `${task.title.zh}（修改版）` });
    setScriptRole(task.role);
    setScriptPairing(task.pairing);
    setSetupMoves(String(task.setupMoves));
  };
  const addScript = () => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(script);
    } catch {
      setScriptError(t('quiz.builder.scriptNotJson'));
      return;
    }
    // JSON that is not an object goes as the text it is: the server's script check names what is wrong with it
    const scriptBody =
      typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
        ? (parsed as Record<string, unknown>)
        : script;
    // checked at once with the check the server makes (tcp-core's planTask: the format, stack mode, every move
    // playable, a decision for the role), so a script that cannot be a task is not accepted here to fail later
    const checked = planTask({
      script: scriptBody,
      role: scriptRole,
      setupMoves: Math.max(0, Number(setupMoves) || 0),
    });
    if (!checked.ok) {
      setScriptError(t('quiz.builder.scriptInvalid', { error: pick(checked.error) }));
      return;
    }
    const taskTitle = { en: scriptTitle.en || 'Task', zh: scriptTitle.zh || scriptTitle.en || '题目' };
    setTasks((all) => [
      ...all,
      {
        input: {
          title: taskTitle,
          script: scriptBody,
          role: scriptRole,
          pairing: scriptPairing,
          setupMoves: Math.max(0, Number(setupMoves) || 0),
        },
        title: taskTitle,
        role: scriptRole,
        pairing: scriptPairing,
      },
    ]);
    setScript('');
    setScriptError(null);
  };
  const create = async () => {
    setError(null);
    setScriptError(null);
    try {
      const body: CreateQuizRequest = {
        title: title.trim() || 'Quiz',
        feedback,
        ...(feedback === 'exam' ? { examTcb } : {}),
        timeLimit:
          limitScope === 'none' ? null : { scope: limitScope, seconds: Math.max(10, Number(seconds) || 60) },
        tasks: tasks.map((task) => task.input),
      };
      const created = await api<InstructorQuizView>(`/classrooms/${classroomId}/quizzes`, { body, token });
      navigate(`/teacher/quiz/${created.quiz.id}`);
    } catch (caught) {
      setError(caught instanceof ApiError ? pick(caught.reason) : String(caught));
    }
  };

  return (
    <main className="page page--wide quiz-builder" data-testid="quiz-builder">
      <div className="page-title-row">
        <h1>{t('quiz.builder.title')}</h1>
        <a href={`#/teacher/class/${classroomId}`}>{t('quiz.builder.back')}</a>
      </div>
      <section className="card">
        <h2>{t('quiz.builder.existing')}</h2>
        {quizzes.length === 0 ? (
          <p className="muted">{t('quiz.builder.none')}</p>
        ) : (
          <ul>
            {quizzes.map((quiz) => (
              <li key={quiz.id}>
                <a href={`#/teacher/quiz/${quiz.id}`}>{quiz.title}</a> — {t(`quiz.status.${quiz.status}`)} ·{' '}
                {t(`quiz.feedback.${quiz.feedback}`)}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card">
        <h2>{t('quiz.builder.new')}</h2>
        {error && (
          <p className="error" role="alert" data-testid="quiz-builder-error">
            {error}
          </p>
        )}
        <div className="form-grid">
          <label>
            {t('quiz.builder.quizTitle')}{' '}
            <input
              value={title}
              onChange={(e) => setTitle(e.target.value)}
              aria-label={t('quiz.builder.quizTitle')}
            />
          </label>
          <fieldset>
            <legend>{t('quiz.builder.feedback')}</legend>
            {(['practice', 'exam'] as const).map((mode) => (
              <label key={mode}>
                <input
                  type="radio"
                  name="feedback"
                  checked={feedback === mode}
                  onChange={() => setFeedback(mode)}
                />{' '}
                {t(`quiz.feedback.${mode}`)}
              </label>
            ))}
            {feedback === 'exam' && (
              <label>
                <input type="checkbox" checked={examTcb} onChange={(e) => setExamTcb(e.target.checked)} />{' '}
                {t('quiz.builder.examTcb')}
              </label>
            )}
          </fieldset>
          <fieldset>
            <legend>{t('quiz.builder.timeLimit')}</legend>
            <select
              value={limitScope}
              onChange={(e) => setLimitScope(e.target.value as 'none' | 'task' | 'quiz')}
              aria-label={t('quiz.builder.timeLimit')}
            >
              <option value="none">{t('quiz.builder.noLimit')}</option>
              <option value="task">{t('quiz.builder.perTask')}</option>
              <option value="quiz">{t('quiz.builder.perQuiz')}</option>
            </select>{' '}
            {limitScope !== 'none' && (
              <label>
                <input
                  type="number"
                  min={10}
                  value={seconds}
                  onChange={(e) => setSeconds(e.target.value)}
                  aria-label={t('quiz.builder.seconds')}
                />{' '}
                {t('quiz.builder.seconds')}
              </label>
            )}
          </fieldset>
        </div>

        <h3>{t('quiz.builder.tasks')}</h3>
        {tasks.length === 0 ? (
          <p className="muted">{t('quiz.builder.noTasks')}</p>
        ) : (
          <ol data-testid="quiz-draft-tasks">
            {tasks.map((task, index) => (
              <li key={index}>
                {pick(task.title)} —{' '}
                <select
                  value={task.role}
                  onChange={(e) => changeTask(index, { role: e.target.value as Role })}
                  aria-label={`${t('quiz.role')} ${index + 1}`}
                >
                  <option value="client">{t('role.client')}</option>
                  <option value="server">{t('role.server')}</option>
                </select>{' '}
                <select
                  value={task.pairing}
                  onChange={(e) => changeTask(index, { pairing: e.target.value as 'solo' | 'pairs' })}
                  aria-label={`${t('quiz.builder.pairingLabel')} ${index + 1}`}
                >
                  <option value="solo">{t('quiz.pairing.solo')}</option>
                  <option value="pairs">{t('quiz.pairing.pairs')}</option>
                </select>{' '}
                <button type="button" onClick={() => setTasks((all) => all.filter((_, i) => i !== index))}>
                  {t('quiz.builder.remove')}
                </button>
              </li>
            ))}
          </ol>
        )}
        <button type="button" className="primary" disabled={tasks.length === 0} onClick={() => void create()}>
          {t('quiz.builder.create')}
        </button>

        <h3>{t('quiz.builder.catalogue')}</h3>
        <ul className="quiz-catalogue">
          {catalogue.map((task) => (
            <li key={task.id} data-testid={`catalogue-${task.id}`}>
              <button
                type="button"
                onClick={() => addCatalogue(task)}
                aria-label={`${t('quiz.builder.add')}: ${pick(task.title)}`}
              >
                + {t('quiz.builder.add')}
              </button>{' '}
              <strong>{pick(task.title)}</strong> — {pick(task.brief)}{' '}
              <span className="muted small">
                ({t(`role.${task.role}`)}, {t(`quiz.pairing.${task.pairing}`)},{' '}
                {t('quiz.builder.decisions', { count: task.decisions[task.role] })})
              </span>{' '}
              <button
                type="button"
                className="link-button"
                onClick={() => editCopy(task)}
                aria-label={t('quiz.builder.editCopyOf', { title: pick(task.title) })}
              >
                {t('quiz.builder.editCopy')}
              </button>
            </li>
          ))}
        </ul>

        <h3>{t('quiz.builder.paste')}</h3>
        <div className="form-grid">
          <label>
            {t('quiz.builder.titleEn')}{' '}
            <input
              value={scriptTitle.en}
              onChange={(e) => setScriptTitle({ ...scriptTitle, en: e.target.value })}
            />
          </label>
          <label>
            {t('quiz.builder.titleZh')}{' '}
            <input
              value={scriptTitle.zh}
              onChange={(e) => setScriptTitle({ ...scriptTitle, zh: e.target.value })}
            />
          </label>
          <label>
            {t('quiz.role')}{' '}
            <select value={scriptRole} onChange={(e) => setScriptRole(e.target.value as Role)}>
              <option value="client">{t('role.client')}</option>
              <option value="server">{t('role.server')}</option>
            </select>
          </label>
          <label>
            {t('quiz.builder.pairingLabel')}{' '}
            <select
              value={scriptPairing}
              onChange={(e) => setScriptPairing(e.target.value as 'solo' | 'pairs')}
            >
              <option value="solo">{t('quiz.pairing.solo')}</option>
              <option value="pairs">{t('quiz.pairing.pairs')}</option>
            </select>
          </label>
          <label>
            {t('quiz.builder.setupMoves')}{' '}
            <input type="number" min={0} value={setupMoves} onChange={(e) => setSetupMoves(e.target.value)} />
          </label>
        </div>
        <textarea
          className="script-input"
          rows={8}
          value={script}
          onChange={(e) => setScript(e.target.value)}
          aria-label={t('quiz.builder.paste')}
          placeholder='{"format": "tcp-lab/1", "settings": {"mode": "stack"}, "moves": [...]}'
        />
        {scriptError && (
          <p className="error" role="alert" data-testid="quiz-builder-error" ref={scriptErrorRef}>
            {scriptError}
          </p>
        )}
        <button type="button" disabled={!script.trim()} onClick={addScript}>
          {t('quiz.builder.addScript')}
        </button>
      </section>
    </main>
  );
}
