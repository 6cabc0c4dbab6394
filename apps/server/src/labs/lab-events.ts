import { Injectable } from '@nestjs/common';
import type { Server } from 'socket.io';
import type { ServerEvent, ServerEventPayloads } from '@tcp-lab/lab-protocol';

/**
 * Rooms the labs area sends to. A seat's sockets (every tab of that student) share `seat:<id>`, so each seat
 * gets its own redacted view of a lab; instructors who opened a lab are in `lab:<id>`; instructors watching a
 * class dashboard are in `class:<id>`.
 */
export const rooms = {
  seat: (seatId: string) => `seat:${seatId}`,
  lab: (labId: string) => `lab:${labId}`,
  classroom: (classroomId: string) => `class:${classroomId}`,
};

/** The one place the labs service reaches sockets; the gateway hands it the socket.io server at init. */
@Injectable()
export class LabEvents {
  private server: Server | null = null;

  attach(server: Server): void {
    this.server = server;
  }

  /** Only the contract's server → client events, each with its payload type. */
  emit<E extends ServerEvent>(room: string, event: E, payload: ServerEventPayloads[E]): void {
    this.server?.to(room).emit(event, payload);
  }
}
