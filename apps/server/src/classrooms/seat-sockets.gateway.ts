import { Logger } from '@nestjs/common';
import { WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Server } from 'socket.io';
import { principalOf, SOCKET_MAX_BUFFER_BYTES } from '../common/socket-edge';

/**
 * Closes a removed seat's open connections. The socket edge checks a token only at the handshake, so without this
 * a removed student's open tab could still play; closed, the browser reconnects, the handshake is refused with
 * SEAT_REMOVED, and the page tells the student and goes to the join screen. It handles no events: it shares the
 * labs' namespace (`/`) only to reach its sockets; `disconnect(true)` also closes the seat's `/quiz` socket.
 */
@WebSocketGateway({ maxHttpBufferSize: SOCKET_MAX_BUFFER_BYTES })
export class SeatSocketsGateway {
  private readonly logger = new Logger('SeatSockets');
  @WebSocketServer() private readonly server?: Server;

  async disconnectSeat(seatId: string): Promise<void> {
    if (!this.server) return;
    try {
      for (const socket of await this.server.fetchSockets()) {
        const principal = principalOf(socket as never);
        if (principal?.kind === 'seat' && principal.seatId === seatId) socket.disconnect(true);
      }
    } catch (error) {
      this.logger.error(`seat ${seatId}: closing its sockets failed: ${String(error)}`);
    }
  }
}
