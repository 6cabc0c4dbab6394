import type { Bilingual, RejectionCode } from '@tcp-lab/tcp-core';
import type { ApiErrorCode, LabRefusalCode, Rejection } from '@tcp-lab/lab-protocol';
import { ApiError } from '../common/api-error';
import { ERROR_CODES, type ErrorCode } from '../common/error-codes';
import { Refused } from '../common/refused';

/** Codes only the labs area answers with; the others are the API's common codes (common/error-codes.ts). */
const LAB_ERROR_REASONS: Record<LabRefusalCode, Bilingual> = {
  LAB_NOT_RUNNING: {
    en: 'The lab is not running: wait for your instructor to start or resume it.',
    zh: '实验尚未进行：请等待老师开始或继续实验。',
  },
  UNKNOWN_EVENT: { en: 'The server does not know this event.', zh: '服务器不认识这个事件。' },
  STALE_VIEW: {
    en: 'Your move was made from an out-of-date view of the lab; nothing was done. The current lab is attached.',
    zh: '你的操作基于过时的实验画面，未被执行。附上了实验的当前状态。',
  },
};

/** The API's codes are the contract's: a code added on one side only stops this from compiling. */
type SameCodes<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _apiCodesAreTheContracts: SameCodes<ErrorCode, ApiErrorCode> = true;

export type LabErrorCode = ErrorCode | LabRefusalCode;

function reasonOf(code: LabErrorCode): Bilingual {
  return code in LAB_ERROR_REASONS
    ? LAB_ERROR_REASONS[code as keyof typeof LAB_ERROR_REASONS]
    : ERROR_CODES[code as ErrorCode].message;
}

/**
 * What every refused socket ack carries. A refusal with a LabErrorCode changes nothing and is not recorded;
 * one with a tcp-core RejectionCode carries the `entry` it was recorded as.
 */
export interface Refusal extends Rejection {
  code: LabErrorCode | RejectionCode;
}

export function refusal(code: LabErrorCode, detail?: Bilingual): Refusal {
  const base = reasonOf(code);
  return {
    ok: false,
    code,
    reason: detail ? { en: `${base.en} ${detail.en}`, zh: `${base.zh}${detail.zh}` } : base,
  };
}

/** Thrown inside the labs services; the gateway turns it into an ack, the controller into an HTTP error. */
export class LabRefusal extends Refused {
  constructor(readonly refusal: Refusal) {
    super(refusal.code);
  }

  static of(code: LabErrorCode, detail?: Bilingual): LabRefusal {
    return new LabRefusal(refusal(code, detail));
  }

  /** HTTP: the common codes keep their status; lab-only and tcp-core codes are a 409 CONFLICT that names them. */
  toApiError(): ApiError {
    const { code, reason, entry } = this.refusal;
    if (code in ERROR_CODES) return new ApiError(code as ErrorCode, reason);
    return new ApiError('CONFLICT', reason, [{ code, ...(entry ? { entry } : {}) }]);
  }
}
