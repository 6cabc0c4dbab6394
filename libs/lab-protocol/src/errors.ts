import type { Bilingual } from '@tcp-lab/tcp-core';

/** The stable codes of the HTTP API, each with its status (brief-api.md). */
export type ApiErrorCode =
  | 'VALIDATION_FAILED' // 400
  | 'UNAUTHORIZED' // 401
  | 'TOKEN_EXPIRED' // 401
  | 'FORBIDDEN' // 403
  | 'NOT_FOUND' // 404
  | 'CONFLICT' // 409
  | 'PAYLOAD_TOO_LARGE' // 413
  | 'RATE_LIMITED' // 429
  | 'INTERNAL_ERROR' // 500
  | 'SERVICE_UNAVAILABLE'; // 503

/** Refusals of the labs area, besides the API's codes and tcp-core's RejectionCode (HTTP: 409 CONFLICT naming them). */
export type LabRefusalCode = 'LAB_NOT_RUNNING' | 'STALE_VIEW' | 'BUSY' | 'QUIZ_RUNNING';

/** Refusals of quiz mode (HTTP: 409 CONFLICT naming them). */
export type QuizRefusalCode =
  'TIME_UP' | 'TASK_FINISHED' | 'QUIZ_NOT_RUNNING' | 'NOT_YOUR_ENDPOINT' | 'NOT_YOUR_TURN';

/**
 * Refusals of the classrooms area. SEAT_REMOVED: the seat was left or removed by the instructor; its token is
 * answered 401 UNAUTHORIZED with this reason and `details: [{ code: 'SEAT_REMOVED' }]` (a socket handshake
 * fails with the same reason), so the student's page can say so and send them to the join screen.
 */
export type ClassroomRefusalCode = 'SEAT_REMOVED';

/** Refusals of the socket edge itself, on every namespace. */
export type SocketRefusalCode = 'UNKNOWN_EVENT' | 'TOO_MANY_CONNECTIONS';

/**
 * Every code the server refuses with, over HTTP and sockets alike: one registry on the server
 * (apps/server/src/common/refusals.ts) gives each its reason in English and Chinese and its HTTP answer.
 */
export type RefusalCode =
  ApiErrorCode | ClassroomRefusalCode | LabRefusalCode | QuizRefusalCode | SocketRefusalCode;

/** The body of every HTTP error answer: a stable code a program checks, a message a person reads. */
export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: Bilingual; details?: unknown[] };
}
