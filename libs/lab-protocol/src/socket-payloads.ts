import { z } from 'zod';
import { ProfileSchema } from '@tcp-lab/tcp-core';
import { Id } from './text';

/**
 * What clients send with each client → server event, checked once at the server's edge. Strict: an unknown key
 * is refused, so a client built against another version of this contract is told at once. The tcp-core Move
 * inside `lab:move` is left `unknown` here on purpose: tcp-core's own schema (parseMove) checks it, so the move
 * schema exists once, in tcp-core.
 */
const id = Id;

export const LabJoinPayload = z.object({ labId: id }).strict();
export type LabJoinPayload = z.infer<typeof LabJoinPayload>;

/**
 * `moveId` is chosen by the client, unique per seat and lab: a retry with the same id is never applied twice.
 * `step` is the step of the view the move was made from (`LabSnapshot.step`); when entries were recorded since and
 * that matters for the move (tcp-core's `staleView`), the move is refused with STALE_VIEW and nothing is recorded.
 * Clients send it with every move; a move without it is not checked (scripts, older clients).
 */
export const LabMovePayload = z
  .object({ labId: id, moveId: id, move: z.unknown(), step: z.int().min(0).optional() })
  .strict();
export type LabMovePayload = z.infer<typeof LabMovePayload>;

export const ClassWatchPayload = z.object({ classroomId: id }).strict();
export type ClassWatchPayload = z.infer<typeof ClassWatchPayload>;

/**
 * `lab:profile`: a student starts a new round of their own lab under `profile` (tcp-core's ProfileSchema), to see
 * where RFC 9293 and Linux differ. Only the profile: every other setting is the lab's. Naming the profile wanted
 * (not "the other one") makes two students' simultaneous clicks start one round, not flip it back.
 */
export const LabProfilePayload = z.object({ labId: id, profile: ProfileSchema }).strict();
export type LabProfilePayload = z.infer<typeof LabProfilePayload>;
