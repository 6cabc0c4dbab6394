import {
  Name,
  SafeText,
  type Classroom,
  type ClassroomDetail,
  type JoinResponse,
  type RosterSeat,
  type SeatMe,
} from '@tcp-lab/lab-protocol';
import { z } from 'zod';
import { JOIN_CODE_LENGTH } from './join-code';

export const createClassroomSchema = z.object({ name: Name(100) });
export type CreateClassroomBody = z.output<typeof createClassroomSchema>;

export const joinSchema = z.object({
  joinCode: SafeText(3 * JOIN_CODE_LENGTH).min(1),
  displayName: Name(40),
});
export type JoinBody = z.output<typeof joinSchema>;

/** `DELETE /api/classrooms/:id/seats/:seatId`: both are ids the server made (UUIDs). */
export const seatOfClassroomParamsSchema = z.object({ id: z.uuid(), seatId: z.uuid() });
export type SeatOfClassroomParams = z.output<typeof seatOfClassroomParamsSchema>;

// The answers' schemas only describe them in OpenAPI; `satisfies` keeps them the contract's shapes.
export const classroomSchema = z.object({
  id: z.string(),
  name: z.string(),
  joinCode: z.string(),
  createdAt: z.string(),
}) satisfies z.ZodType<Classroom>;
export const classroomListItemSchema = classroomSchema.extend({
  seatCount: z.number().int(),
}) satisfies z.ZodType<Classroom>;
export const rosterSeatSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  online: z.boolean(),
  labId: z.string().nullable(),
  role: z.enum(['client', 'server']).nullable(),
}) satisfies z.ZodType<RosterSeat>;
export const classroomDetailSchema = z.object({
  id: z.string(),
  name: z.string(),
  joinCode: z.string(),
  createdAt: z.string(),
  seats: z.array(rosterSeatSchema),
}) satisfies z.ZodType<ClassroomDetail>;
export const joinResponseSchema = z.object({
  token: z.string(),
  seat: z.object({ id: z.string(), displayName: z.string() }),
  classroom: z.object({ id: z.string(), name: z.string() }),
}) satisfies z.ZodType<JoinResponse>;
export const seatMeSchema = joinResponseSchema.omit({ token: true }).extend({
  labId: z.string().nullable(),
  role: z.enum(['client', 'server']).nullable(),
}) satisfies z.ZodType<SeatMe>;
