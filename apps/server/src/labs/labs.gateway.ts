import { Logger } from '@nestjs/common';
import {
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  WebSocketGateway,
} from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import {
  ClassWatchPayload,
  LabJoinPayload,
  LabMovePayload,
  LabProfilePayload,
  SOCKET_EVENTS,
  type ClientEvent,
  type JoinAck,
  type MoveAck,
  type ProfileAck,
  type WatchAck,
} from '@tcp-lab/lab-protocol';
import {
  principalOf,
  SOCKET_MAX_BUFFER_BYTES,
  SocketEdge,
  socketEvent,
  type SocketEvent,
} from '../common/socket-edge';
import type { SeatPrincipal, InstructorPrincipal } from '../auth/principal';
import { LabEvents, rooms } from './lab-events';
import { ClassroomFeed } from './classroom-feed';
import { LabsService } from './labs.service';
import { LabControlsService } from './lab-controls.service';

export { MAX_EVENT_PAYLOAD_BYTES, SOCKET_MAX_BUFFER_BYTES } from '../common/socket-edge';

/**
 * The labs' namespace (`/`). Authentication, rate limit, size bound, validation, error mapping and logging are
 * the socket edge's (common/socket-edge.ts), shared with the quiz namespace; this gateway only says which events
 * exist, who may send each, and hands the checked payload to LabsService.
 */
@WebSocketGateway({ maxHttpBufferSize: SOCKET_MAX_BUFFER_BYTES })
export class LabsGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger('LabsGateway');

  constructor(
    private readonly edge: SocketEdge,
    private readonly labs: LabsService,
    private readonly controls: LabControlsService,
    private readonly feed: ClassroomFeed,
    private readonly events: LabEvents,
  ) {}

  /** One entry per client event of the contract: an event added to SOCKET_EVENTS must be handled here. */
  private readonly clientEvents: Record<ClientEvent, SocketEvent> = {
    [SOCKET_EVENTS.labJoin]: socketEvent({
      payload: LabJoinPayload,
      handle: async (socket, principal, { labId }): Promise<JoinAck> => {
        const { row, viewer } = await this.labs.authorize(principal, labId);
        if (viewer.kind === 'instructor') await socket.join(rooms.lab(row.id));
        return { ok: true, lab: await this.labs.snapshotOf(row, viewer) };
      },
    }),
    [SOCKET_EVENTS.labMove]: socketEvent({
      payload: LabMovePayload,
      only: 'seat',
      forbidden: { en: 'Only students move.', zh: '只有学生可以走步。' },
      handle: (socket, principal, { labId, moveId, move, step }): Promise<MoveAck> =>
        this.labs.move(principal as SeatPrincipal, labId, moveId, move, step, socket.id),
    }),
    [SOCKET_EVENTS.labProfile]: socketEvent({
      payload: LabProfilePayload,
      only: 'seat',
      forbidden: {
        en: 'Only students use this; instructors start a round with a profile from the lab controls.',
        zh: '只有学生使用此功能；老师请在实验控制中以某个行为配置开始新一轮。',
      },
      handle: async (_socket, principal, { labId, profile }): Promise<ProfileAck> => ({
        ok: true,
        lab: await this.controls.studentProfile(principal as SeatPrincipal, labId, profile),
      }),
    }),
    [SOCKET_EVENTS.classWatch]: socketEvent({
      payload: ClassWatchPayload,
      only: 'instructor',
      handle: async (socket, principal, { classroomId }): Promise<WatchAck> => {
        const view = await this.feed.watch(principal as InstructorPrincipal, classroomId);
        await socket.join(rooms.classroom(classroomId));
        return { ok: true, ...view };
      },
    }),
  };

  afterInit(server: Server): void {
    this.events.attach(server);
    // Gateways share one socket.io server, created with the options of whichever gateway Nest sets up first
    // (the quiz namespace could be): make sure the packet limit holds whatever that order is. Nothing is
    // connected yet, so rebuilding engine.io's websocket server (where the limit is fixed) is safe.
    if (server.engine.opts.maxHttpBufferSize !== SOCKET_MAX_BUFFER_BYTES) {
      server.engine.opts.maxHttpBufferSize = SOCKET_MAX_BUFFER_BYTES;
      (server.engine as unknown as { init(): void }).init();
    }
    this.edge.serve(server, 'labs', this.clientEvents);
  }

  async handleConnection(socket: Socket): Promise<void> {
    const principal = principalOf(socket);
    if (principal?.kind !== 'seat') return;
    try {
      await socket.join(rooms.seat(principal.seatId));
      await this.feed.seatConnected(principal, socket);
    } catch (error) {
      this.logger.error(`seat ${principal.seatId}: connecting failed: ${String(error)}`);
    }
  }

  handleDisconnect(socket: Socket): void {
    const principal = principalOf(socket);
    if (principal?.kind === 'seat') this.feed.seatDisconnected(principal);
  }
}
