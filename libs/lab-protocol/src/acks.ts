import type { Bilingual, TranscriptEntry } from '@tcp-lab/tcp-core';
import type { ClassroomDetail } from './classrooms';
import type { LabDelta } from './lab-delta';
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
 * `lab:move`. A move just recorded (applied, or rejected by tcp-core) carries the same delta as the seat's
 * `lab:update`; a retry of a move already recorded (`duplicate`) and a STALE_VIEW refusal (not recorded) carry the
 * whole current snapshot so the client can redraw. BUSY (not recorded) means: try again shortly.
 */
export type MoveAck =
  | { ok: true; duplicate: boolean; entry: TranscriptEntry; lab: LabDelta | LabSnapshot }
  | (Rejection & { duplicate?: boolean; lab?: LabDelta | LabSnapshot });

/** `lab:join` */
export type JoinAck = { ok: true; lab: LabSnapshot } | Rejection;

/** `lab:profile`: the new round's snapshot (everyone in the lab also receives it as `lab:status`) */
export type ProfileAck = { ok: true; lab: LabSnapshot } | Rejection;

/** `class:watch` */
export type WatchAck = { ok: true; classroom: ClassroomDetail; labs: LabSummary[] } | Rejection;
