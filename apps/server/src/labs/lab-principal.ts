import type { InstructorPrincipal, Principal, SeatPrincipal } from '../auth/principal';

export type { InstructorPrincipal, Principal, SeatPrincipal };

/** The actorKey a recorded move carries: the seat, the instructor, or the server itself (timers, built-in endpoint). */
export const actorKeyOf = (principal: Principal): string =>
  principal.kind === 'seat' ? principal.seatId : `instructor:${principal.instructorId}`;
export const SYSTEM_ACTOR_KEY = 'system';
