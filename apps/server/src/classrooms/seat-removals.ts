import { Injectable, Logger } from '@nestjs/common';

/** A seat left by its student or removed by the instructor. */
export interface SeatRemoval {
  classroomId: string;
  seatId: string;
}

/**
 * What else must happen when a seat goes, told by the areas that own it (the labs end the seat's lab, the quiz lets
 * its partner go on): the classrooms module cannot import them, so they register here. The removal waits for
 * every handler before it closes the seat's sockets and answers, so the partner and the dashboard already know.
 */
@Injectable()
export class SeatRemovals {
  private readonly logger = new Logger('SeatRemovals');
  private readonly handlers: Array<{ name: string; handle: (removal: SeatRemoval) => Promise<void> }> = [];

  register(name: string, handle: (removal: SeatRemoval) => Promise<void>): void {
    this.handlers.push({ name, handle });
  }

  async removed(removal: SeatRemoval): Promise<void> {
    for (const handler of this.handlers) {
      try {
        await handler.handle(removal);
      } catch (error) {
        // the seat is gone all the same; one area failing must not leave its sockets open
        this.logger.error(`seat ${removal.seatId}: ${handler.name} failed: ${String(error)}`);
      }
    }
  }
}
