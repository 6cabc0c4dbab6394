import type { Tcb } from './tcb';
import type {
  Answer,
  Bilingual,
  LabScript,
  MistakeCode,
  PendingEvent,
  Role,
  Segment,
  State,
} from '@tcp-lab/tcp-core';
import type { Rejection } from './acks';

/**
 * Quiz mode's answers over HTTP and on the `/quiz` socket namespace (apps/server/QUIZ.md). Only the server
 * grades; these are the shapes of what it says. What a student may see of a quiz is decided on the server
 * (apps/server/src/quiz/quiz-views.ts): the optional fields below are the ones it leaves out while feedback is
 * not shown (an 'exam' before it has ended).
 */

/** 'practice' shows verdicts at once; 'exam' shows nothing about correctness until the quiz has ended. */
export type QuizFeedback = 'practice' | 'exam';
export type QuizStatus = 'draft' | 'running' | 'ended';
/** 'solo': the other endpoint is the server's own correct one; 'pairs': a partner plays it. */
export type QuizPairing = 'solo' | 'pairs';
export type QuizTaskStatus = 'not-started' | 'running' | 'finished' | 'timed-out';
/** One decision of a task: 'open' while the task runs, 'missed' when it ended unanswered. */
export type DecisionOutcome = 'correct' | 'incorrect' | 'missed' | 'open';
/** Why an answer differs from the reference machine's (tcp-core's verdict). */
export interface DecisionMistake {
  code: MistakeCode;
  reason: Bilingual;
}

/** A quiz without its results: `GET /api/classrooms/:id/quizzes` lists these, and every view starts with one. */
export interface QuizSummary {
  id: string;
  classroomId: string;
  title: string;
  feedback: QuizFeedback;
  /** an exam shows students the TCB panel only if the teacher chose so; practice always shows it */
  status: QuizStatus;
  leaderboardVisible: boolean;
  /** exam feedback: the students see their TCB while they answer (always so in practice) */
  examTcb: boolean;
  timeLimit: { scope: 'task' | 'quiz'; seconds: number } | null;
  taskCount: number;
  /** ISO 8601 */
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
}

/** `GET /api/quiz-catalogue`: a built-in task, a stack-mode script derived from a lab scenario. */
export interface QuizCatalogueTask {
  id: string;
  title: Bilingual;
  brief: Bilingual;
  scenarioId: string;
  role: Role;
  pairing: QuizPairing;
  /** the script's first moves, played by the system to set the scene */
  setupMoves: number;
  /** how many decisions each role makes after the setup */
  decisions: { client: number; server: number };
  script: LabScript;
}

/** `GET /api/seats/me/quiz`: the running quiz of the student's class, else the last one, else null. */
export interface SeatQuiz {
  quiz: QuizSummary | null;
}

// ---- the instructor's view ------------------------------------------------------------------------------------

/** One student's result in one task; a task not reached counts its decisions as missed. */
export interface GradebookCell {
  taskId: string;
  points: number;
  max: number;
  status: QuizTaskStatus;
  /** per transition: each planned decision's rule and outcome, in order (not in the CSV) */
  outcomes: Array<{ ruleId: string | null; outcome: DecisionOutcome }>;
}

/** One student of the class, one cell per task. */
export interface GradebookRow {
  seatId: string;
  displayName: string;
  cells: GradebookCell[];
  total: number;
  max: number;
}

/** One transition-table rule over the whole class, decided decisions only. */
export interface MissedTransition {
  ruleId: string;
  decisions: number;
  correct: number;
  incorrect: number;
  missed: number;
}

export interface LeaderboardLine {
  /** equal scores share a rank */
  rank: number;
  seatId: string;
  displayName: string;
  points: number;
  answered: number;
}

export interface InstructorQuizTask {
  id: string;
  position: number;
  title: Bilingual;
  role: Role;
  pairing: QuizPairing;
  catalogId: string | null;
  setupMoves: number;
  decisions: { client: number; server: number };
  script: LabScript;
}

/**
 * `GET /api/quizzes/:id`, the answer of creating and steering a quiz, the `quiz:watch` ack and `quiz:results`:
 * the whole quiz with its live results.
 */
export interface InstructorQuizView {
  quiz: QuizSummary;
  tasks: InstructorQuizTask[];
  gradebook: GradebookRow[];
  /** most incorrect + missed first */
  mostMissed: MissedTransition[];
  leaderboard: LeaderboardLine[];
  runs: { running: number };
}

/** `POST /api/quizzes/:id/regrade`: on untouched data nothing changes. */
export interface QuizRegradeResult {
  changed: number;
  replayMatchesState: boolean;
  gradebook: GradebookRow[];
}

// ---- the student's view ---------------------------------------------------------------------------------------

/**
 * A decision as a student sees it. Without feedback it is only 'answered' (with what they gave), 'missed' or
 * 'open'; the verdict fields come with feedback.
 */
export interface StudentDecision {
  event: Bilingual;
  outcome: 'answered' | DecisionOutcome;
  given?: Answer;
  expected?: Answer;
  mistake?: DecisionMistake;
  ruleId?: string | null;
}

export interface StudentQuizTask {
  id: string;
  position: number;
  title: Bilingual;
  role: Role;
  pairing: QuizPairing;
  status: QuizTaskStatus;
  decisions: number;
  answered: number;
  /** with feedback */
  points?: number;
  /** with feedback, once the task is over */
  review?: StudentDecision[];
}

/** Practice only: both endpoints' states and the segments on the wire (they would tell an exam's answers). */
export interface QuizScene {
  states: { client: State; server: State };
  inFlight: Array<Segment & { from: Role }>;
  clock: number;
}

/** The task a student is in now. */
export interface CurrentQuizTask {
  taskId: string;
  runId: string;
  position: number;
  title: Bilingual;
  role: Role;
  /** the partner's name in a pairs task; null = the built-in endpoint */
  partner: string | null;
  /** ISO 8601, by the server's clock (see `serverNow`); null while a pair waits for the partner (no clock yet) */
  deadlineAt: string | null;
  /**
   * a pairs task whose partner is not here yet (not on this task, or not on the quiz screen): nobody may answer and
   * the task's clock has not started; it starts when both can act
   */
  waitingForPartner: boolean;
  turn: 'you' | 'partner';
  /** the event to answer now: its description only, never the expected answer or the rule id, which names it */
  pending: null | Pick<PendingEvent, 'event' | 'kind' | 'at'>;
  /** your endpoint's ISS: the initial sequence number the lab chose for it, the one your answers are graded with */
  isn: number;
  history: StudentDecision[];
  scene?: QuizScene;
  /**
   * your endpoint's variables (TCB: ISS, IRS, SND.UNA, SND.NXT, RCV.NXT, timers; never its state) before the event
   * you answer: in practice, and in an exam whose teacher chose to show them (`quiz.examTcb`)
   */
  tcb?: Tcb;
  /** the task's lab clock (the TCB's timers are due at lab times), sent with `tcb` */
  clock?: number;
}

/** Shown to students only while the instructor shows the leaderboard; ranked by points only with feedback. */
export interface StudentLeaderboardLine {
  rank: number;
  displayName: string;
  you: boolean;
  points?: number;
  answered: number;
}

/** What one student may see of a quiz: the `quiz:join` and `quiz:answer` acks and `quiz:state`. */
export interface StudentQuizView {
  quiz: QuizSummary;
  /** ISO 8601: lets a browser with a wrong clock count down to `deadlineAt` correctly */
  serverNow: string;
  /** verdicts, points and expected answers are in this view (practice, or any quiz once it has ended) */
  feedbackShown: boolean;
  tasks: StudentQuizTask[];
  current: CurrentQuizTask | null;
  done: boolean;
  /** with feedback */
  total?: { points: number; max: number };
  leaderboard: StudentLeaderboardLine[] | null;
}

// ---- the /quiz socket namespace -------------------------------------------------------------------------------

/** The quiz's own namespace, on the same port and path (`/socket.io`) as the labs. */
export const QUIZ_NAMESPACE = '/quiz';

/** The first three are client → server and take an ack; the last two are server → client. */
export const QUIZ_EVENTS = {
  join: 'quiz:join',
  watch: 'quiz:watch',
  answer: 'quiz:answer',
  state: 'quiz:state',
  results: 'quiz:results',
} as const;

/** Practice feedback only (and any quiz once ended): the verdict on the answer just given. */
export interface AnswerVerdict {
  correct: boolean;
  ruleId: string | null;
  expected?: Answer;
  mistake?: DecisionMistake;
}

/** `quiz:answer`; a retry with the same move id answers again but is never graded twice (`duplicate`). */
export type QuizAnswerAck =
  { ok: true; duplicate: boolean; verdict?: AnswerVerdict; quiz: StudentQuizView } | Rejection;

/** `quiz:join` (seats): null when the class has no quiz. */
export type QuizJoinAck = { ok: true; quiz: StudentQuizView | null } | Rejection;

/** `quiz:watch` (the owner): the socket then receives `quiz:results`. */
export type QuizWatchAck = { ok: true; quiz: InstructorQuizView } | Rejection;

/** `quiz:state`, to each student of the class, their own view, after every change. */
export interface QuizStateMessage {
  quiz: StudentQuizView;
}

/** `quiz:results`, to watching instructors after every change. */
export interface QuizResultsMessage {
  quiz: InstructorQuizView;
}
