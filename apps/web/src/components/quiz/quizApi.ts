/**
 * The web's side of the /quiz socket namespace (apps/server/QUIZ.md). The shapes of what the server says are
 * quiz mode's part of @tcp-lab/lab-protocol; only the server grades.
 */
import { io, type Socket } from 'socket.io-client';
import type { Answer, Role } from '@tcp-lab/tcp-core';
import {
  QUIZ_EVENTS,
  QUIZ_NAMESPACE,
  type QuizAnswerAck,
  type QuizAnswerPayload,
} from '@tcp-lab/lab-protocol';
import { newMoveId } from '../../api/moveId';
import { emitAck, NO_ANSWER } from '../../api/socket';

/** The /quiz namespace on the same server (and the same /socket.io path) as the labs. */
export function connectQuizSocket(token: string): Socket {
  return io(QUIZ_NAMESPACE, { auth: { token }, reconnectionDelayMax: 3000 });
}

/**
 * Sends an answer; when the ack is lost it resends with the SAME move id, which the server deduplicates, so an
 * answer is graded at most once.
 */
export async function sendAnswer(
  socket: Socket,
  quizId: string,
  runId: string,
  move: { by: Role; answer: Answer },
  attempts = 3,
): Promise<QuizAnswerAck> {
  const moveId = newMoveId();
  for (let attempt = 0; attempt < attempts; attempt++) {
    const ack = await emitAck<QuizAnswerAck>(
      socket,
      QUIZ_EVENTS.answer,
      { quizId, runId, moveId, move } satisfies QuizAnswerPayload,
      6000,
    );
    if (ack) return ack;
  }
  return NO_ANSWER;
}
