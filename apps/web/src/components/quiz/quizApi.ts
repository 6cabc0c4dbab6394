/**
 * The quiz part of the contract as the web consumes it (apps/server/QUIZ.md): the views the server sends and the
 * /quiz socket namespace. Only the server grades; these are the shapes of what it says.
 */
import { io, type Socket } from 'socket.io-client';
import type { Answer, Bilingual, LabScript, MistakeCode, Role } from '@tcp-lab/tcp-core';
import type { Rejection } from '../../api/contract';
import { newMoveId } from '../../api/moveId';
import { emitAck } from '../../api/socket';

export type Feedback = 'practice' | 'exam';
export type QuizStatus = 'draft' | 'running' | 'ended';
export type TaskStatus = 'not-started' | 'running' | 'finished' | 'timed-out';

export interface QuizSummary {
  id: string;
  classroomId: string;
  title: string;
  feedback: Feedback;
  status: QuizStatus;
  leaderboardVisible: boolean;
  timeLimit: { scope: 'task' | 'quiz'; seconds: number } | null;
  taskCount: number;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
}

export interface CatalogueTask {
  id: string;
  title: Bilingual;
  brief: Bilingual;
  scenarioId: string;
  role: Role;
  pairing: 'solo' | 'pairs';
  setupMoves: number;
  decisions: { client: number; server: number };
  script: LabScript;
}

export type TaskInput =
  | { catalogId: string; role?: Role; pairing?: 'solo' | 'pairs' }
  | { title: Bilingual; script: unknown; role: Role; pairing: 'solo' | 'pairs'; setupMoves: number };

export interface GradebookCell {
  taskId: string;
  points: number;
  max: number;
  status: TaskStatus;
  /** per transition, in order */
  outcomes: Array<{ ruleId: string | null; outcome: 'correct' | 'incorrect' | 'missed' | 'open' }>;
}

export interface GradebookRow {
  seatId: string;
  displayName: string;
  cells: GradebookCell[];
  total: number;
  max: number;
}

export interface MissedTransition {
  ruleId: string;
  decisions: number;
  correct: number;
  incorrect: number;
  missed: number;
}

export interface InstructorQuizView {
  quiz: QuizSummary;
  tasks: Array<{ id: string; position: number; title: Bilingual; role: Role; pairing: 'solo' | 'pairs'; catalogId: string | null; setupMoves: number; decisions: { client: number; server: number } }>;
  gradebook: GradebookRow[];
  mostMissed: MissedTransition[];
  leaderboard: Array<{ rank: number; seatId: string; displayName: string; points: number; answered: number }>;
  runs: { running: number };
}

export interface StudentDecision {
  event: Bilingual;
  outcome: 'answered' | 'correct' | 'incorrect' | 'missed' | 'open';
  given?: Answer;
  expected?: Answer;
  mistake?: { code: MistakeCode; reason: Bilingual };
  ruleId?: string | null;
}

export interface StudentQuizView {
  quiz: QuizSummary;
  serverNow: string;
  feedbackShown: boolean;
  tasks: Array<{ id: string; position: number; title: Bilingual; role: Role; pairing: 'solo' | 'pairs'; status: TaskStatus; decisions: number; answered: number; points?: number; review?: StudentDecision[] }>;
  current: null | {
    taskId: string;
    runId: string;
    position: number;
    title: Bilingual;
    role: Role;
    partner: string | null;
    deadlineAt: string | null;
    turn: 'you' | 'partner';
    pending: null | { event: Bilingual; kind: 'call' | 'segment' | 'timer'; at?: number };
    isn: number;
    history: StudentDecision[];
    scene?: { states: { client: string; server: string }; inFlight: Array<{ from: Role; flags: string[]; seq: number; ack?: number; len: number }>; clock: number };
  };
  done: boolean;
  total?: { points: number; max: number };
  leaderboard: null | Array<{ rank: number; displayName: string; you: boolean; points?: number; answered: number }>;
}

export type AnswerAck =
  | { ok: true; duplicate: boolean; verdict?: { correct: boolean; ruleId: string | null; expected?: Answer; mistake?: StudentDecision['mistake'] }; quiz: StudentQuizView }
  | Rejection;

/** The /quiz namespace on the same server (and the same /socket.io path) as the labs. */
export function connectQuizSocket(token: string): Socket {
  return io('/quiz', { auth: { token }, reconnectionDelayMax: 3000 });
}

const NO_ANSWER: Rejection = {
  ok: false,
  code: 'NO_ANSWER',
  reason: { en: 'The server did not answer. Check your connection and try again.', zh: '服务器没有响应，请检查网络连接后重试。' },
};

/**
 * Sends an answer; when the ack is lost it resends with the SAME move id, which the server deduplicates, so an
 * answer is graded at most once.
 */
export async function sendAnswer(socket: Socket, quizId: string, runId: string, move: { by: Role; answer: Answer }, attempts = 3): Promise<AnswerAck> {
  const moveId = newMoveId();
  for (let attempt = 0; attempt < attempts; attempt++) {
    const ack = await emitAck<AnswerAck>(socket, 'quiz:answer', { quizId, runId, moveId, move }, 6000);
    if (ack) return ack;
  }
  return NO_ANSWER;
}
