import { Logger } from '@nestjs/common';
import { WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Server } from 'socket.io';
import { QUIZ_NAMESPACE } from '@tcp-lab/lab-protocol';
import { principalOf, SOCKET_MAX_BUFFER_BYTES } from '../common/socket-edge';

/**
 * Closes a removed seat's open connections. The socket edge checks a token only at the handshake, so without this
 * a removed student's open tab could still play; closed, the browser reconnects, the handshake is refused with
 * SEAT_REMOVED, and the page tells the student and goes to the join screen. It handles no events: it shares the
 * labs' namespace (`/`) only to reach the server; it closes the seat's sockets on `/` and on `/quiz` (a quiz page's
 * socket may have a connection of its own).
 */
@WebSocketGateway({ maxHttpBufferSize: SOCKET_MAX_BUFFER_BYTES })
export class SeatSocketsGateway {
  private readonly logger = new Logger('SeatSockets');
  @WebSocketServer() private readonly server?: Server;

  async disconnectSeat(seatId: string): Promise<void> {
    if (!this.server) return;
    try {
      // each namespace's sockets: a browser's quiz page opens /quiz on a connection of its own
      for (const namespace of [this.server.of('/'), this.server.of(QUIZ_NAMESPACE)])
        for (const socket of await namespace.fetchSockets()) {
          const principal = principalOf(socket as never);
          if (principal?.kind === 'seat' && principal.seatId === seatId) socket.disconnect(true);
        }
    } catch (error) {
      this.logger.error(`seat ${seatId}: closing its sockets failed: ${String(error)}`);
    }
  }
}
