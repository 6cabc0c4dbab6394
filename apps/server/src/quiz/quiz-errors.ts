import type { Bilingual } from '@tcp-lab/tcp-core';
import { ApiError } from '../common/api-error';
import { ERROR_CODES, type ErrorCode } from '../common/error-codes';
import { Refused } from '../common/refused';

/** Codes only the quiz answers with; the rest are the API's common codes (common/error-codes.ts). */
const QUIZ_ERROR_REASONS = {
  TIME_UP: {
    en: 'Time is up for this task: the answer was not counted and the decisions left are missed.',
    zh: '本题时间已到：这次作答不计分，剩下的决定记为未作答。',
  },
  TASK_FINISHED: {
    en: 'This task is already finished: the answer changes nothing.',
    zh: '本题已经结束：这次作答不会改变任何结果。',
  },
  QUIZ_NOT_RUNNING: {
    en: 'The quiz is not running: wait for your instructor to start it.',
    zh: '测验尚未开始：请等待老师开始测验。',
  },
  NOT_YOUR_ENDPOINT: {
    en: 'You answer only for your own endpoint in this task.',
    zh: '在本题中你只能替自己扮演的端点作答。',
  },
  NOT_YOUR_TURN: {
    en: 'It is not your turn: the other endpoint answers first.',
    zh: '还没轮到你：需要另一端先作答。',
  },
  UNKNOWN_EVENT: { en: 'The server does not know this event.', zh: '服务器不认识这个事件。' },
} as const satisfies Record<string, Bilingual>;

export type QuizErrorCode = ErrorCode | keyof typeof QUIZ_ERROR_REASONS;

export interface QuizRefusal {
  ok: false;
  code: QuizErrorCode;
  reason: Bilingual;
}

export function quizRefusal(code: QuizErrorCode, detail?: Bilingual): QuizRefusal {
  const base =
    code in QUIZ_ERROR_REASONS
      ? QUIZ_ERROR_REASONS[code as keyof typeof QUIZ_ERROR_REASONS]
      : ERROR_CODES[code as ErrorCode].message;
  return {
    ok: false,
    code,
    reason: detail ? { en: `${base.en} ${detail.en}`, zh: `${base.zh}${detail.zh}` } : base,
  };
}

/** Thrown inside the quiz service; the gateway turns it into an ack, the controller into an HTTP error. */
export class QuizRefused extends Refused {
  constructor(readonly refusal: QuizRefusal) {
    super(refusal.code);
  }

  static of(code: QuizErrorCode, detail?: Bilingual): QuizRefused {
    return new QuizRefused(quizRefusal(code, detail));
  }

  /** HTTP: common codes keep their status; quiz-only codes are a 409 CONFLICT that names them. */
  toApiError(): ApiError {
    const { code, reason } = this.refusal;
    if (code in ERROR_CODES) return new ApiError(code as ErrorCode, reason);
    return new ApiError('CONFLICT', reason, [{ code }]);
  }
}
