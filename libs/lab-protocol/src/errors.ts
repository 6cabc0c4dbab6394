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

/** The body of every HTTP error answer: a stable code a program checks, a message a person reads. */
export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: Bilingual; details?: unknown[] };
}
