import { HttpStatus } from '@nestjs/common';
import type { Bilingual } from '@tcp-lab/tcp-core';
import type { ApiErrorCode, RefusalCode } from '@tcp-lab/lab-protocol';

/**
 * The one refusal registry: every code the server refuses with, over HTTP and on every socket namespace, with the
 * reason people read (English and Chinese) and how HTTP answers it. The API's own codes keep their status; the
 * others (a lab, the quiz or the socket edge refusing) are answered over HTTP as 409 CONFLICT whose `details`
 * name the code. A code is added here once, and to RefusalCode in @tcp-lab/lab-protocol (the wire contract):
 * `satisfies` below stops a code present on one side only from compiling.
 * tcp-core's own RejectionCodes (a move the lab refuses and records) carry their reason with them.
 */
export const REFUSALS = {
  // ── the HTTP API's codes (brief-api.md) ──
  VALIDATION_FAILED: {
    status: HttpStatus.BAD_REQUEST,
    reason: { en: 'The request is not valid.', zh: '请求内容不符合要求。' },
  },
  UNAUTHORIZED: {
    status: HttpStatus.UNAUTHORIZED,
    reason: {
      en: 'Please sign in (the token is missing or not valid).',
      zh: '请先登录（令牌缺失或无效）。',
    },
  },
  TOKEN_EXPIRED: {
    status: HttpStatus.UNAUTHORIZED,
    reason: { en: 'Your session has expired. Please sign in again.', zh: '登录已过期，请重新登录。' },
  },
  FORBIDDEN: {
    status: HttpStatus.FORBIDDEN,
    reason: { en: 'You are not allowed to do this.', zh: '你没有权限执行此操作。' },
  },
  NOT_FOUND: { status: HttpStatus.NOT_FOUND, reason: { en: 'Not found.', zh: '未找到。' } },
  CONFLICT: {
    status: HttpStatus.CONFLICT,
    reason: { en: 'This conflicts with what already exists.', zh: '与已有内容冲突。' },
  },
  PAYLOAD_TOO_LARGE: {
    status: HttpStatus.PAYLOAD_TOO_LARGE,
    reason: { en: 'The request body is too large.', zh: '请求内容过大。' },
  },
  RATE_LIMITED: {
    status: HttpStatus.TOO_MANY_REQUESTS,
    reason: {
      en: 'Too many requests. Please wait a moment and try again.',
      zh: '请求过于频繁，请稍后再试。',
    },
  },
  INTERNAL_ERROR: {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    reason: { en: 'Something went wrong on the server.', zh: '服务器出错了。' },
  },
  SERVICE_UNAVAILABLE: {
    status: HttpStatus.SERVICE_UNAVAILABLE,
    reason: { en: 'The service is not available right now.', zh: '服务暂时不可用。' },
  },

  // ── classrooms ──
  SEAT_REMOVED: {
    // a token problem, so HTTP answers 401 UNAUTHORIZED with this reason (details name the code)
    status: HttpStatus.UNAUTHORIZED,
    reason: {
      en: 'Your seat has been removed from this class. To take part again, join with the class code.',
      zh: '你的座位已从本班移除。如需继续参加，请用班级加入码重新加入。',
    },
  },

  // ── the socket edge (every namespace) ──
  UNKNOWN_EVENT: {
    status: HttpStatus.CONFLICT,
    reason: { en: 'The server does not know this event.', zh: '服务器不认识这个事件。' },
  },
  TOO_MANY_CONNECTIONS: {
    status: HttpStatus.TOO_MANY_REQUESTS,
    reason: {
      en: 'Too many windows or tabs are open for this seat. Close one and try again.',
      zh: '这个座位打开的窗口或标签页太多了。请关闭一个后再试。',
    },
  },

  // ── labs ──
  LAB_NOT_RUNNING: {
    status: HttpStatus.CONFLICT,
    reason: {
      en: 'The lab is not running: wait for your instructor to start or resume it.',
      zh: '实验尚未进行：请等待老师开始或继续实验。',
    },
  },
  STALE_VIEW: {
    status: HttpStatus.CONFLICT,
    reason: {
      en: 'Your move was made from an out-of-date view of the lab; nothing was done. The current lab is attached.',
      zh: '你的操作基于过时的实验画面，未被执行。附上了实验的当前状态。',
    },
  },

  QUIZ_RUNNING: {
    status: HttpStatus.CONFLICT,
    reason: {
      en: 'A quiz is running in your class: while it runs, only your teacher chooses the TCP profile. Nothing was changed.',
      zh: '你的班级正在进行测验：测验期间只有老师可以选择 TCP 行为配置。什么都没有改变。',
    },
  },

  BUSY: {
    status: HttpStatus.SERVICE_UNAVAILABLE,
    reason: {
      en: 'The server is busy right now; nothing was done. Your move will be tried again in a moment.',
      zh: '服务器此刻太忙，什么也没有执行。你的操作稍后会自动重试。',
    },
  },

  // ── quiz mode ──
  TIME_UP: {
    status: HttpStatus.CONFLICT,
    reason: {
      en: 'Time is up for this task: the answer was not counted and the decisions left are missed.',
      zh: '本题时间已到：这次作答不计分，剩下的决定记为未作答。',
    },
  },
  TASK_FINISHED: {
    status: HttpStatus.CONFLICT,
    reason: {
      en: 'This task is already finished: the answer changes nothing.',
      zh: '本题已经结束：这次作答不会改变任何结果。',
    },
  },
  QUIZ_NOT_RUNNING: {
    status: HttpStatus.CONFLICT,
    reason: {
      en: 'The quiz is not running: wait for your instructor to start it.',
      zh: '测验尚未开始：请等待老师开始测验。',
    },
  },
  NOT_YOUR_ENDPOINT: {
    status: HttpStatus.CONFLICT,
    reason: {
      en: 'You answer only for your own endpoint in this task.',
      zh: '在本题中你只能替自己扮演的端点作答。',
    },
  },
  NOT_YOUR_TURN: {
    status: HttpStatus.CONFLICT,
    reason: {
      en: 'It is not your turn: the other endpoint answers first.',
      zh: '还没轮到你：需要另一端先作答。',
    },
  },
} as const satisfies Record<RefusalCode, { status: HttpStatus; reason: Bilingual }>;

/** The registry holds exactly the contract's codes: a code added on one side only stops this from compiling. */
type SameCodes<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _registryIsTheContract: SameCodes<keyof typeof REFUSALS, RefusalCode> = true;
void _registryIsTheContract;

const API_ERROR_CODES = new Set<string>([
  'VALIDATION_FAILED',
  'UNAUTHORIZED',
  'TOKEN_EXPIRED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
  'INTERNAL_ERROR',
  'SERVICE_UNAVAILABLE',
] satisfies ApiErrorCode[]);

/** Is the code one of the HTTP API's own (answered with its own status), rather than a 409 naming it? */
export function isApiErrorCode(code: string): code is ApiErrorCode {
  return API_ERROR_CODES.has(code);
}

export function isRefusalCode(code: string): code is RefusalCode {
  return Object.hasOwn(REFUSALS, code);
}

/** The registry's reason, with a detail appended in each language ("The request is not valid. moveId: ..."). */
export function reasonOf(code: RefusalCode, detail?: Bilingual): Bilingual {
  const base = REFUSALS[code].reason;
  return detail ? { en: `${base.en} ${detail.en}`, zh: `${base.zh}${detail.zh}` } : base;
}
