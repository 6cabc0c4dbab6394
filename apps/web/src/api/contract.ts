/**
 * The wire contract lives in @tcp-lab/lab-protocol, shared with the server; import it from there. These
 * re-exports remain only for files that still import this module: the component tests (apps/web/test) and the
 * quiz pages, which move to '@tcp-lab/lab-protocol' with quiz mode's own types.
 */
export type { LabSnapshot, LabSummary, MoveAck, Rejection } from '@tcp-lab/lab-protocol';
