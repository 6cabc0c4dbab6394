import type { HttpStatus } from '@nestjs/common';
import type { Bilingual } from '@tcp-lab/tcp-core';
import type { ApiErrorBody, ApiErrorCode } from '@tcp-lab/lab-protocol';
import { REFUSALS, isApiErrorCode } from './refusals';

/** A reason shown to people, in both languages the product speaks. */
export type Reason = Bilingual;

/** The HTTP API's codes, their status and default reason: the API's part of the refusal registry (refusals.ts). */
export const ERROR_CODES = Object.fromEntries(
  (Object.keys(REFUSALS) as string[])
    .filter(isApiErrorCode)
    .map((code) => [code, { status: REFUSALS[code].status, message: REFUSALS[code].reason }]),
) as Record<ApiErrorCode, { status: HttpStatus; message: Reason }>;

export type ErrorCode = ApiErrorCode;

/**
 * The body of every error response: the contract's ApiErrorBody, `{ error: { code, message: {en, zh}, details? } }`.
 * Its code is wider here only for 'BAD_REQUEST', the fallback for a 4xx status the API never answers on purpose.
 */
export type ErrorBody = {
  error: Omit<ApiErrorBody['error'], 'code'> & { code: ApiErrorCode | 'BAD_REQUEST' };
};
