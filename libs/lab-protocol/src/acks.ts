import type { Bilingual, TranscriptEntry } from '@tcp-lab/tcp-core';
import type { ClassroomDetail } from './classrooms';
import type { LabSnapshot, LabSummary } from './labs';

/**
 * Every refused ack. The server's codes are an ApiErrorCode, a LabRefusalCode or a tcp-core RejectionCode; a
 * client may add its own (e.g. for an answer that never came), so `code` is a string. Only a tcp-core rejection
 * was recorded: it carries the transcript `entry`.
 */
export interface Rejection {
  ok: false;
  /** a RefusalCode or a tcp-core RejectionCode from the server */
  code: string;
  reason: Bilingual;
  /** VALIDATION_FAILED: the payload field refused, e.g. `moveId` or `move.data` */
  field?: string;
  entry?: TranscriptEntry;
}

/**
 * `lab:move`: a rejected move that was recorded also says whether it was a retry and how the lab stands; a
 * STALE_VIEW refusal (not recorded) carries the current `lab` so the client can redraw and retry.
 */
export type MoveAck =
  | { ok: true; duplicate: boolean; entry: TranscriptEntry; lab: LabSnapshot }
  | (Rejection & { duplicate?: boolean; lab?: LabSnapshot });

/** `lab:join` */
export type JoinAck = { ok: true; lab: LabSnapshot } | Rejection;

/** `class:watch` */
export type WatchAck = { ok: true; classroom: ClassroomDetail; labs: LabSummary[] } | Rejection;
