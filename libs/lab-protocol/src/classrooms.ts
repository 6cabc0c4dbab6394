import type { Role } from '@tcp-lab/tcp-core';

/** `POST /api/classrooms` answers this; `GET /api/classrooms` adds `seatCount` to each. */
export interface Classroom {
  id: string;
  name: string;
  /** what students type to join (`POST /api/join`) */
  joinCode: string;
  /** ISO 8601 */
  createdAt: string;
  seatCount?: number;
}

/** A student of a class as the roster shows it (`GET /api/classrooms/:id`, `class:watch`, `class:roster`). */
export interface RosterSeat {
  id: string;
  displayName: string;
  online: boolean;
  /** the seat's current (latest not ended) lab and the endpoint it plays there */
  labId: string | null;
  role: Role | null;
}

/** `GET /api/classrooms/:id` and the classroom in the `class:watch` ack. */
export interface ClassroomDetail extends Classroom {
  seats: RosterSeat[];
}

/** `POST /api/join` {joinCode, displayName}: the seat token is what the student's browser keeps. */
export interface JoinResponse {
  token: string;
  seat: { id: string; displayName: string };
  classroom: { id: string; name: string };
}

/** `GET /api/seats/me`: a returning student finds their seat and, if paired, their lab. */
export interface SeatMe {
  seat: { id: string; displayName: string };
  classroom: { id: string; name: string };
  labId: string | null;
  role: Role | null;
}
