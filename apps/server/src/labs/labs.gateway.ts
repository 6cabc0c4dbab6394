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
  SOCKET_EVENTS,
  type ClientEvent,
  type JoinAck,
  type MoveAck,
  type WatchAck,
} from '@tcp-lab/lab-protocol';
import { ApiError } from '../common/api-error';
import { SocketAuthService } from '../auth/socket-auth.service';
import { LabEvents, rooms } from './lab-events';
import { LabRefusal, refusal, type Refusal } from './lab-errors';
import type { Principal } from './lab-principal';
import { ClassroomFeed } from './classroom-feed';
import { LabsService } from './labs.service';
import { parsePayload } from './labs.schemas';
import { SOCKET_EVENT_BURST, SOCKET_EVENTS_PER_SECOND, TokenBucket } from './token-bucket';

/** A client event's payload, serialized, may not exceed this (a move is ~200 bytes). */
export const MAX_EVENT_PAYLOAD_BYTES = 4 * 1024;
/**
 * socket.io's own limit on one packet. Above it socket.io closes the connection without an answer, so it is set
 * well above MAX_EVENT_PAYLOAD_BYTES: a payload between the two gets a readable PAYLOAD_TOO_LARGE ack instead.
 */
export const SOCKET_MAX_BUFFER_BYTES = 64 * 1024;

interface SocketState {
  principal: Principal;
  bucket: TokenBucket;
  floodLoggedAt: number;
}

type Handler = (socket: Socket, principal: Principal, payload: unknown) => Promise<object>;

/**
 * The labs' socket.io edge. Thin on purpose: it authenticates the handshake, rate-limits, bounds and validates
 * payloads, and hands the rest to LabsService. Every client event is dispatched from `onAny`, so one wrapper
 * answers every event (known or not) and no client input can throw out of it.
 */
@WebSocketGateway({ maxHttpBufferSize: SOCKET_MAX_BUFFER_BYTES })
export class LabsGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger('LabsGateway');

  constructor(
    private readonly auth: SocketAuthService,
    private readonly labs: LabsService,
    private readonly feed: ClassroomFeed,
    private readonly events: LabEvents,
  ) {}

  afterInit(server: Server): void {
    this.events.attach(server);
    // Gateways share one socket.io server, created with the options of whichever gateway Nest sets up first
    // (the quiz namespace could be): make sure the packet limit holds whatever that order is. Nothing is
    // connected yet, so rebuilding engine.io's websocket server (where the limit is fixed) is safe.
    if (server.engine.opts.maxHttpBufferSize !== SOCKET_MAX_BUFFER_BYTES) {
      server.engine.opts.maxHttpBufferSize = SOCKET_MAX_BUFFER_BYTES;
      (server.engine as unknown as { init(): void }).init();
    }
    // A missing, forged or expired token never gets a connection: the client sees connect_error with the code.
    server.use((socket, next) => {
      const token: unknown = socket.handshake.auth?.token;
      this.auth
        .authenticate(typeof token === 'string' ? token : undefined)
        .then((principal) => {
          (socket.data as Partial<SocketState>).principal = principal;
          next();
        })
        .catch((error: unknown) => {
          const code = error instanceof ApiError ? error.code : 'UNAUTHORIZED';
          const reason = error instanceof ApiError ? error.reason : refusal('UNAUTHORIZED').reason;
          if (!(error instanceof ApiError))
            this.logger.error(`socket authentication failed: ${String(error)}`);
          next(Object.assign(new Error(code), { data: { code, reason } }));
        });
    });
  }

  async handleConnection(socket: Socket): Promise<void> {
    const principal = (socket.data as Partial<SocketState>).principal;
    if (!principal) {
      socket.disconnect(true);
      return;
    }
    const state: SocketState = {
      principal,
      bucket: new TokenBucket(SOCKET_EVENT_BURST, SOCKET_EVENTS_PER_SECOND),
      floodLoggedAt: 0,
    };
    socket.data = state;
    socket.onAny((event: unknown, ...args: unknown[]) => void this.dispatch(socket, state, event, args));
    if (principal.kind === 'seat') {
      try {
        await socket.join(rooms.seat(principal.seatId));
        await this.feed.seatConnected(principal, socket);
      } catch (error) {
        this.logger.error(`seat ${principal.seatId}: connecting failed: ${String(error)}`);
      }
    }
  }

  handleDisconnect(socket: Socket): void {
    const principal = (socket.data as Partial<SocketState>).principal;
    if (principal?.kind === 'seat') this.feed.seatDisconnected(principal);
  }

  /** One handler per client event of the contract: an event added to SOCKET_EVENTS must be handled here. */
  private readonly handlers: Record<ClientEvent, Handler> = {
    [SOCKET_EVENTS.labJoin]: async (socket, principal, raw): Promise<JoinAck> => {
      const payload = parsePayload(LabJoinPayload, raw);
      if (!payload.ok) return refusal('VALIDATION_FAILED', payload.reason);
      const { row, viewer } = await this.labs.authorize(principal, payload.value.labId);
      if (viewer.kind === 'instructor') await socket.join(rooms.lab(row.id));
      return { ok: true, lab: await this.labs.snapshotOf(row, viewer) };
    },
    [SOCKET_EVENTS.labMove]: async (_socket, principal, raw): Promise<MoveAck> => {
      if (principal.kind !== 'seat')
        return refusal('FORBIDDEN', { en: 'Only students move.', zh: '只有学生可以走步。' });
      const payload = parsePayload(LabMovePayload, raw);
      if (!payload.ok) return refusal('VALIDATION_FAILED', payload.reason);
      const { labId, moveId, move, step } = payload.value;
      return this.labs.move(principal, labId, moveId, move, step);
    },
    [SOCKET_EVENTS.classWatch]: async (socket, principal, raw): Promise<WatchAck> => {
      if (principal.kind !== 'instructor') return refusal('FORBIDDEN');
      const payload = parsePayload(ClassWatchPayload, raw);
      if (!payload.ok) return refusal('VALIDATION_FAILED', payload.reason);
      const view = await this.feed.watch(principal, payload.value.classroomId);
      await socket.join(rooms.classroom(payload.value.classroomId));
      return { ok: true, ...view };
    },
  };

  private async dispatch(socket: Socket, state: SocketState, event: unknown, args: unknown[]): Promise<void> {
    const ack =
      typeof args[args.length - 1] === 'function' ? (args.pop() as (answer: unknown) => void) : undefined;
    const answer = (reply: object) => {
      try {
        ack?.(reply);
      } catch (error) {
        this.logger.warn(`ack failed: ${String(error)}`);
      }
    };
    const who =
      state.principal.kind === 'seat'
        ? `seat ${state.principal.seatId}`
        : `instructor ${state.principal.instructorId}`;
    try {
      if (!state.bucket.take()) {
        const now = Date.now();
        if (now - state.floodLoggedAt > 1000) {
          state.floodLoggedAt = now;
          this.logger.warn(`${who} (socket ${socket.id}) is flooding; refusing events with RATE_LIMITED`);
        }
        return answer(refusal('RATE_LIMITED'));
      }
      const handler =
        typeof event === 'string' && Object.hasOwn(this.handlers, event)
          ? this.handlers[event as ClientEvent]
          : undefined;
      if (!handler) {
        this.logger.warn(`${who} sent unknown event ${JSON.stringify(String(event)).slice(0, 80)}`);
        return answer(refusal('UNKNOWN_EVENT'));
      }
      if (payloadBytes(args[0]) > MAX_EVENT_PAYLOAD_BYTES) {
        return answer(
          refusal('PAYLOAD_TOO_LARGE', {
            en: `At most ${MAX_EVENT_PAYLOAD_BYTES} bytes.`,
            zh: `最多 ${MAX_EVENT_PAYLOAD_BYTES} 字节。`,
          }),
        );
      }
      answer(await handler(socket, state.principal, args[0]));
    } catch (error) {
      if (error instanceof LabRefusal) return answer(error.refusal);
      if (error instanceof ApiError) return answer({ ok: false, code: error.code, reason: error.reason });
      this.logger.error(
        `${who}: ${String(event)} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      answer(refusal('INTERNAL_ERROR') satisfies Refusal);
    }
  }
}

function payloadBytes(payload: unknown): number {
  if (payload === undefined) return 0;
  try {
    return Buffer.byteLength(JSON.stringify(payload) ?? '');
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}
