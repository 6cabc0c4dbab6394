/** Who is calling: an instructor (account) or a student's seat (no account; the seat token brings them back). */
export type InstructorPrincipal = { kind: 'instructor'; instructorId: string; name: string };
export type SeatPrincipal = { kind: 'seat'; seatId: string; classroomId: string; displayName: string };
export type Principal = InstructorPrincipal | SeatPrincipal;

/** Claims inside our JWTs (brief-api.md): instructors expire after 12 h, seats after 7 days. */
export type InstructorClaims = { kind: 'instructor'; sub: string };
export type SeatClaims = { kind: 'seat'; sub: string; cid: string };
export type TokenClaims = InstructorClaims | SeatClaims;

export const INSTRUCTOR_TOKEN_TTL_SECONDS = 12 * 60 * 60;
export const SEAT_TOKEN_TTL_SECONDS = 7 * 24 * 60 * 60;
