import type { RefusalCode } from '@tcp-lab/lab-protocol';
import { Refused, refusal, type Refusal } from '../common/refused';

// The labs' refusals are the registry's (common/refusals.ts); these names keep the labs services' imports short.
export { refusal, type Refusal };
export type LabErrorCode = RefusalCode;

/** Thrown inside the labs services; the socket edge turns it into an ack, the HTTP filter into an error answer. */
export class LabRefusal extends Refused {}
