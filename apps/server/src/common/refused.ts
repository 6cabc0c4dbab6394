import type { Bilingual, RejectionCode } from '@tcp-lab/tcp-core';
import type { RefusalCode, Rejection } from '@tcp-lab/lab-protocol';
import { ApiError } from './api-error';
import { isApiErrorCode, reasonOf } from './refusals';

/**
 * What every refused socket ack carries. A refusal with a RefusalCode changes nothing and is not recorded; one
 * with a tcp-core RejectionCode carries the `entry` it was recorded as.
 */
export interface Refusal extends Rejection {
  code: RefusalCode | RejectionCode;
}

/** A refusal from the registry: `refusal('FORBIDDEN', { en: 'Only students move.', zh: '只有学生可以走步。' })`. */
export function refusal(code: RefusalCode, detail?: Bilingual, field?: string): Refusal {
  return field === undefined
    ? { ok: false, code, reason: reasonOf(code, detail) }
    : { ok: false, code, reason: reasonOf(code, detail), field };
}

/**
 * A request a service refuses for a reason the student or instructor can read (a lab that is not running, an
 * answer after the time limit). Services throw it; the socket edge turns it into an ack, and the global
 * exception filter answers it over HTTP in the API's error shape.
 */
export class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.code);
  }

  static of<T extends Refused>(this: new (refusal: Refusal) => T, code: RefusalCode, detail?: Bilingual): T {
    return new this(refusal(code, detail));
  }

  /** HTTP: the API's codes keep their status; the others are a 409 CONFLICT that names them. */
  toApiError(): ApiError {
    const { code, reason, entry, field } = this.refusal;
    if (isApiErrorCode(code))
      return new ApiError(code, reason, field === undefined ? undefined : [{ path: field }]);
    return new ApiError('CONFLICT', reason, [{ code, ...(entry ? { entry } : {}) }]);
  }
}
