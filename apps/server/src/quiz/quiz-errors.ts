import type { RefusalCode } from '@tcp-lab/lab-protocol';
import { Refused, refusal, type Refusal } from '../common/refused';

// The quiz's refusals are the registry's (common/refusals.ts); these names keep the quiz service's imports short.
export type QuizErrorCode = RefusalCode;
export type QuizRefusal = Refusal;
export const quizRefusal = refusal;

/** Thrown inside the quiz service; the socket edge turns it into an ack, the HTTP filter into an error answer. */
export class QuizRefused extends Refused {}
