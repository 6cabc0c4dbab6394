import { HttpException } from '@nestjs/common';
import { ERROR_CODES, ErrorBody, ErrorCode, Reason } from './error-codes';

/**
 * An error the API answers with on purpose: a stable code, a reason in en/zh, the code's HTTP status.
 * `throw new ApiError('NOT_FOUND', { en: 'No classroom has this join code.', zh: '没有使用该加入码的班级。' })`
 */
export class ApiError extends HttpException {
  constructor(
    readonly code: ErrorCode,
    readonly reason: Reason = ERROR_CODES[code].message,
    readonly details?: unknown[],
  ) {
    super(errorBody(code, reason, details), ERROR_CODES[code].status);
  }
}

export function errorBody(code: ErrorBody['error']['code'], message: Reason, details?: unknown[]): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}
