import { Injectable } from '@nestjs/common';
import type { Namespace } from 'socket.io';

/**
 * Rooms of the quiz namespace (/quiz). A seat's sockets (every tab of that student) share `seat:<id>`, so each
 * student gets only their own view; instructors who watch a quiz are in `quiz:<id>`.
 */
export const quizRooms = {
  seat: (seatId: string) => `seat:${seatId}`,
  instructors: (quizId: string) => `quiz:${quizId}`,
};

/** The one place the quiz service reaches sockets; the gateway hands it the namespace at init. */
@Injectable()
export class QuizEvents {
  private namespace: Namespace | null = null;

  attach(namespace: Namespace): void {
    this.namespace = namespace;
  }

  /** The seat has a socket open on /quiz in this process right now. */
  seatConnected(seatId: string): boolean {
    return (this.namespace?.adapter.rooms.get(quizRooms.seat(seatId))?.size ?? 0) > 0;
  }

  emit(room: string, event: string, payload: unknown): void {
    this.namespace?.to(room).emit(event, payload);
  }
}
