import { HttpStatus } from '@nestjs/common';
import type { Bilingual } from '@tcp-lab/tcp-core';
import type { ApiErrorBody, ApiErrorCode } from '@tcp-lab/lab-protocol';

/** A reason shown to people, in both languages the product speaks. */
export type Reason = Bilingual;

/** Stable error codes of the HTTP API (brief-api.md), their HTTP status and default reason. */
export const ERROR_CODES = {
  VALIDATION_FAILED: {
    status: HttpStatus.BAD_REQUEST,
    message: { en: 'The request is not valid.', zh: '请求内容不符合要求。' },
  },
  UNAUTHORIZED: {
    status: HttpStatus.UNAUTHORIZED,
    message: {
      en: 'Please sign in (the token is missing or not valid).',
      zh: '请先登录（令牌缺失或无效）。',
    },
  },
  TOKEN_EXPIRED: {
    status: HttpStatus.UNAUTHORIZED,
    message: { en: 'Your session has expired. Please sign in again.', zh: '登录已过期，请重新登录。' },
  },
  FORBIDDEN: {
    status: HttpStatus.FORBIDDEN,
    message: { en: 'You are not allowed to do this.', zh: '你没有权限执行此操作。' },
  },
  NOT_FOUND: {
    status: HttpStatus.NOT_FOUND,
    message: { en: 'Not found.', zh: '未找到。' },
  },
  CONFLICT: {
    status: HttpStatus.CONFLICT,
    message: { en: 'This conflicts with what already exists.', zh: '与已有内容冲突。' },
  },
  PAYLOAD_TOO_LARGE: {
    status: HttpStatus.PAYLOAD_TOO_LARGE,
    message: { en: 'The request body is too large.', zh: '请求内容过大。' },
  },
  RATE_LIMITED: {
    status: HttpStatus.TOO_MANY_REQUESTS,
    message: {
      en: 'Too many requests. Please wait a moment and try again.',
      zh: '请求过于频繁，请稍后再试。',
    },
  },
  INTERNAL_ERROR: {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    message: { en: 'Something went wrong on the server.', zh: '服务器出错了。' },
  },
  SERVICE_UNAVAILABLE: {
    status: HttpStatus.SERVICE_UNAVAILABLE,
    message: { en: 'The service is not available right now.', zh: '服务暂时不可用。' },
  },
} as const satisfies Record<ApiErrorCode, { status: HttpStatus; message: Reason }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * The body of every error response: the contract's ApiErrorBody, `{ error: { code, message: {en, zh}, details? } }`.
 * Its code is wider here only for 'BAD_REQUEST', the fallback for a 4xx status the API never answers on purpose.
 */
export type ErrorBody = {
  error: Omit<ApiErrorBody['error'], 'code'> & { code: ApiErrorCode | 'BAD_REQUEST' };
};
