/**
 * What each person may see of a quiz. Pure functions over what the service loaded, so the redaction rules are in
 * one file and can be checked by reading it:
 *   - a student never receives the reference answer of an event they have not answered (the pending event is sent
 *     as its description only: no `expected`, and no `ruleId`, whose name gives the answer away);
 *   - in 'exam' feedback, until the quiz has ended, a student receives no correctness at all: no verdicts, no
 *     expected answers, no points, no scene (the endpoints' states would show whether an answer was right), and the
 *     leaderboard (when shown) ranks by decisions made, not by points;
 *   - the leaderboard reaches students only while the instructor shows it;
 *   - a student's own TCB (endpoint variables) is sent with feedback, and in an exam only when the teacher chose it.
 */
import { taskTurn, type Bilingual, type LabScript, type Role, type TaskPlan } from '@tcp-lab/tcp-core';
import type {
  GradebookCell,
  GradebookRow,
  InstructorQuizView,
  LeaderboardLine,
  QuizFeedback,
  QuizPairing,
  QuizStatus,
  QuizSummary,
  QuizTaskStatus,
  StudentDecision,
  StudentQuizTask,
  StudentQuizView,
} from '@tcp-lab/lab-protocol';
import { tcbOf } from '@tcp-lab/lab-protocol';
import { mostMissed, type GradedDecision } from './grading';
import type { QuizGradeRow, QuizRunRow, QuizTaskRow, QuizWithTasks, SeatRow } from './quiz.repository';

export interface QuizAggregate {
  quiz: QuizWithTasks;
  seats: SeatRow[];
  grades: QuizGradeRow[];
  /** the quiz's running runs (finished ones are summed up in grades) */
  runs: QuizRunRow[];
  now: Date;
}

export function quizSummary(quiz: QuizWithTasks): QuizSummary {
  return {
    id: quiz.id,
    classroomId: quiz.classroomId,
    title: quiz.title,
    feedback: quiz.feedback as QuizFeedback,
    status: quiz.status as QuizStatus,
    leaderboardVisible: quiz.leaderboardVisible,
    examTcb: quiz.examTcb,
    timeLimit:
      quiz.timeLimitSeconds === null
        ? null
        : { scope: quiz.timeLimitScope as 'task' | 'quiz', seconds: quiz.timeLimitSeconds },
    taskCount: quiz.tasks.length,
    createdAt: quiz.createdAt.toISOString(),
    startedAt: quiz.startedAt?.toISOString() ?? null,
    endedAt: quiz.endedAt?.toISOString() ?? null,
  };
}

export const planOf = (task: QuizTaskRow): TaskPlan => task.plan;
export const scriptOf = (task: QuizTaskRow): LabScript => task.script;
export const titleOf = (task: QuizTaskRow): Bilingual => task.title;
export const decisionsOf = (grade: QuizGradeRow): GradedDecision[] => grade.decisions;
export const roleInRun = (run: QuizRunRow, seatId: string): Role | null =>
  run.clientSeatId === seatId ? 'client' : run.serverSeatId === seatId ? 'server' : null;

/** The role whose answer the run's script waits for (null when the script is over). */
export function turnOf(run: QuizRunRow, task: QuizTaskRow): Role | null {
  return taskTurn(scriptOf(task), run.cursor);
}

// ---- gradebook and leaderboard --------------------------------------------------------------------------------

/** One row per seat of the class, one cell per task; a task not reached counts its decisions as missed. */
export function gradebookRows(agg: Pick<QuizAggregate, 'quiz' | 'seats' | 'grades'>): GradebookRow[] {
  const bySeatTask = new Map(agg.grades.map((grade) => [`${grade.seatId}/${grade.taskId}`, grade]));
  return agg.seats.map((seat) => {
    const cells = agg.quiz.tasks.map((task): GradebookCell => {
      const grade = bySeatTask.get(`${seat.id}/${task.id}`);
      if (!grade) {
        const plan = planOf(task)[task.role as Role];
        return {
          taskId: task.id,
          points: 0,
          max: plan.length,
          status: 'not-started',
          outcomes: plan.map((d) => ({ ruleId: d.ruleId, outcome: 'open' as const })),
        };
      }
      const outcomes = decisionsOf(grade).map((d) => ({ ruleId: d.ruleId, outcome: d.outcome }));
      return {
        taskId: task.id,
        points: grade.correct,
        max: grade.expected,
        status: grade.status as QuizTaskStatus,
        outcomes,
      };
    });
    return {
      seatId: seat.id,
      displayName: seat.displayName,
      cells,
      total: cells.reduce((sum, cell) => sum + cell.points, 0),
      max: cells.reduce((sum, cell) => sum + cell.max, 0),
    };
  });
}

export function leaderboard(
  agg: Pick<QuizAggregate, 'quiz' | 'seats' | 'grades'>,
  by: 'points' | 'answered',
): LeaderboardLine[] {
  const answered = new Map<string, number>();
  for (const grade of agg.grades)
    answered.set(grade.seatId, (answered.get(grade.seatId) ?? 0) + grade.answered);
  const lines = gradebookRows(agg).map((row) => ({
    seatId: row.seatId,
    displayName: row.displayName,
    points: row.total,
    answered: answered.get(row.seatId) ?? 0,
  }));
  const key = (line: (typeof lines)[number]) => (by === 'points' ? line.points : line.answered);
  lines.sort((a, b) => key(b) - key(a) || a.displayName.localeCompare(b.displayName));
  let rank = 0;
  return lines.map((line, i) => {
    if (i === 0 || key(lines[i - 1]) !== key(line)) rank = i + 1;
    return { rank, ...line };
  });
}

// ---- instructor -------------------------------------------------------------------------------------------------

export function instructorView(agg: QuizAggregate): InstructorQuizView {
  return {
    quiz: quizSummary(agg.quiz),
    tasks: agg.quiz.tasks.map((task) => ({
      id: task.id,
      position: task.position,
      title: titleOf(task),
      role: task.role as Role,
      pairing: task.pairing as QuizPairing,
      catalogId: task.catalogId,
      setupMoves: task.setupMoves,
      decisions: { client: planOf(task).client.length, server: planOf(task).server.length },
      script: scriptOf(task),
    })),
    gradebook: gradebookRows(agg),
    mostMissed: mostMissed(agg.grades.map(decisionsOf)),
    leaderboard: leaderboard(agg, 'points'),
    runs: { running: agg.runs.length },
  };
}

// ---- student ----------------------------------------------------------------------------------------------------

function studentDecision(decision: GradedDecision, feedback: boolean): StudentDecision {
  if (!feedback) {
    const answered = decision.outcome === 'correct' || decision.outcome === 'incorrect';
    return answered
      ? { event: decision.event, outcome: 'answered', given: decision.given }
      : { event: decision.event, outcome: decision.outcome === 'missed' ? 'missed' : 'open' };
  }
  const view: StudentDecision = { event: decision.event, outcome: decision.outcome, ruleId: decision.ruleId };
  if (decision.given) view.given = decision.given;
  if (decision.expected) view.expected = decision.expected;
  if (decision.mistake) view.mistake = decision.mistake;
  return view;
}

export function studentView(agg: QuizAggregate, seatId: string): StudentQuizView {
  const { quiz } = agg;
  const feedback = quiz.feedback === 'practice' || quiz.status === 'ended';
  const grades = new Map(
    agg.grades.filter((grade) => grade.seatId === seatId).map((grade) => [grade.taskId, grade]),
  );
  const tasks = quiz.tasks.map((task) => {
    const grade = grades.get(task.id);
    const role = (grade?.role ?? task.role) as Role;
    const status = (grade?.status ?? 'not-started') as QuizTaskStatus;
    const line: StudentQuizTask = {
      id: task.id,
      position: task.position,
      title: titleOf(task),
      role,
      pairing: task.pairing as QuizPairing,
      status,
      decisions: grade?.expected ?? planOf(task)[role].length,
      answered: grade?.answered ?? 0,
    };
    if (feedback) {
      line.points = grade?.correct ?? 0;
      if (grade && status !== 'running')
        line.review = decisionsOf(grade).map((d) => studentDecision(d, true));
    }
    return line;
  });

  let current: StudentQuizView['current'] = null;
  const runningGrade = [...grades.values()].find((grade) => grade.status === 'running');
  const run = runningGrade && agg.runs.find((candidate) => candidate.id === runningGrade.runId);
  const task = runningGrade && quiz.tasks.find((candidate) => candidate.id === runningGrade.taskId);
  if (runningGrade && run && task && run.status === 'running') {
    const role = runningGrade.role as Role;
    const lab = run.state;
    const partnerSeat = role === 'client' ? run.serverSeatId : run.clientSeatId;
    // a pair's task begins when both can act (QuizRuns.startClockIfReady): until then it is nobody's turn
    const waitingForPartner = run.clockStartedAt === null;
    const turn = waitingForPartner ? null : turnOf(run, task);
    const pending = turn === role ? lab.pending[role] : null;
    current = {
      taskId: task.id,
      runId: run.id,
      position: task.position,
      title: titleOf(task),
      role,
      partner: partnerSeat ? (agg.seats.find((seat) => seat.id === partnerSeat)?.displayName ?? '?') : null,
      deadlineAt: run.deadlineAt?.toISOString() ?? null,
      waitingForPartner,
      turn: turn === role ? 'you' : 'partner',
      pending: pending
        ? {
            event: pending.event,
            kind: pending.kind,
            ...(pending.at === undefined ? {} : { at: pending.at }),
          }
        : null,
      // the ISS the lab chose for this endpoint (what grading uses), not a setting that a new incarnation outlives
      isn: lab[role].iss,
      history: decisionsOf(runningGrade)
        .filter((d) => d.outcome !== 'open')
        .map((d) => studentDecision(d, feedback)),
    };
    if (feedback) {
      current.scene = {
        states: { client: lab.client.state, server: lab.server.state },
        inFlight: lab.inFlight.map((s) => ({
          from: s.from,
          flags: [...s.flags],
          seq: s.seq,
          ...(s.flags.includes('ACK') ? { ack: s.ack } : {}),
          len: s.len,
        })),
        clock: lab.clock,
      };
    }
    // the variables before the event: never the answer, but in an exam they can tell whether an earlier answer was
    // right (the lab went on from the correct one), so there only when the teacher chose to show them
    // (only the variables, lab-protocol's tcbOf: never the endpoint's state, which the task asks for)
    if (feedback || quiz.examTcb) {
      current.tcb = tcbOf(lab[role]);
      current.clock = lab.clock;
    }
  }

  const view: StudentQuizView = {
    quiz: quizSummary(quiz),
    serverNow: agg.now.toISOString(),
    feedbackShown: feedback,
    tasks,
    current,
    done:
      quiz.status === 'ended' ||
      (quiz.status === 'running' && tasks.every((t) => t.status === 'finished' || t.status === 'timed-out')),
    leaderboard: null,
  };
  if (feedback) {
    const points = tasks.reduce((sum, t) => sum + (t.points ?? 0), 0);
    view.total = { points, max: tasks.reduce((sum, t) => sum + t.decisions, 0) };
  }
  if (quiz.leaderboardVisible) {
    view.leaderboard = leaderboard(agg, feedback ? 'points' : 'answered').map((line) =>
      feedback
        ? {
            rank: line.rank,
            displayName: line.displayName,
            you: line.seatId === seatId,
            points: line.points,
            answered: line.answered,
          }
        : {
            rank: line.rank,
            displayName: line.displayName,
            you: line.seatId === seatId,
            answered: line.answered,
          },
    );
  }
  return view;
}
