import { Injectable, Logger } from '@nestjs/common';
import type { Bilingual } from '@tcp-lab/tcp-core';
import type { Namespace, Server, Socket } from 'socket.io';
import type { z } from 'zod';
import { SocketAuthService } from '../auth/socket-auth.service';
import type { Principal } from '../auth/principal';
import { ApiError } from './api-error';
import { Refused, refusal, type Refusal } from './refused';
import { SOCKET_EVENT_BURST, SOCKET_EVENTS_PER_SECOND, TokenBucket } from './token-bucket';
import { isOverload } from './overload';
import { checkInput } from './validation';

/** A client event's payload, serialized, may not exceed this (a move is ~200 bytes, an answer a few hundred). */
export const MAX_EVENT_PAYLOAD_BYTES = 4 * 1024;
/**
 * socket.io's own limit on one packet. Above it socket.io closes the connection without an answer, so it is set
 * well above MAX_EVENT_PAYLOAD_BYTES: a payload between the two gets a readable PAYLOAD_TOO_LARGE ack instead.
 */
export const SOCKET_MAX_BUFFER_BYTES = 64 * 1024;

/**
 * Sockets one principal may hold open on one namespace at a time (every tab, every reconnecting phone). A student
 * rarely needs more than two or three; an instructor has a dashboard, a projector and a few labs open. Above it
 * the handshake is refused TOO_MANY_CONNECTIONS. Per principal, not per address: a whole class often shares one
 * school NAT address.
 */
export const MAX_SOCKETS_PER_SEAT = 6;
export const MAX_SOCKETS_PER_INSTRUCTOR = 24;
const BUDGET_KEPT_MS = 10_000;
/**
 * A socket refused RATE_LIMITED this many times within one second is not a student clicking fast but a loop: it is
 * disconnected, and the seat may not open a socket again for FLOOD_COOLDOWN_MS (refused RATE_LIMITED at the
 * handshake). Refusing tens of thousands of events a second would otherwise cost the other labs a third of a core.
 */
export const FLOOD_DISCONNECT_REFUSALS = 100;
export const FLOOD_COOLDOWN_MS = 10_000;

/**
 * One client → server event of a namespace: who may send it, the schema of its payload, and what it does. The
 * handler gets the payload already checked; it answers with the ack, or throws a Refused / ApiError.
 */
export interface SocketEvent<S extends z.ZodType = z.ZodType> {
  payload: S;
  /** only this kind of principal may send it; the others are refused FORBIDDEN (with `forbidden` appended) */
  only?: Principal['kind'];
  forbidden?: Bilingual;
  handle(socket: Socket, principal: Principal, payload: z.output<S>): Promise<object>;
}

/** Keeps a handler's payload type tied to its schema inside a namespace's table of events. */
export function socketEvent<S extends z.ZodType>(event: SocketEvent<S>): SocketEvent {
  return event as SocketEvent;
}

interface SocketState {
  principal: Principal;
  /** shared by every socket of the principal on this namespace (Budget) */
  bucket: TokenBucket;
  budget: Budget;
  floodLoggedAt: number;
  /** RATE_LIMITED refusals in the current second (from `refusedSince`) */
  refused: number;
  refusedSince: number;
}

/** One principal's share of a namespace: its open sockets and the one event budget they share. */
interface Budget {
  sockets: number;
  bucket: TokenBucket;
  /** no new socket before this time (a socket of the principal was disconnected for flooding) */
  coolUntil: number;
  refusedLoggedAt: number;
}

/** The principal the edge authenticated for this socket (set before any connection handler runs). */
export function principalOf(socket: Socket): Principal | undefined {
  return (socket.data as Partial<SocketState> | undefined)?.principal;
}

/**
 * The one socket.io edge, serving every namespace (labs on `/`, quiz on `/quiz`). For every client event, in
 * this order: the handshake was authenticated (a missing, forged or expired token never gets a connection); the
 * principal's token bucket on this namespace, shared by all its sockets, is not empty (RATE_LIMITED); the event is known (UNKNOWN_EVENT); the payload is at most
 * MAX_EVENT_PAYLOAD_BYTES (PAYLOAD_TOO_LARGE); the sender may send it (FORBIDDEN); the payload holds no NUL or
 * lone surrogate anywhere and matches its schema (VALIDATION_FAILED naming the field). Then the handler runs; a
 * refusal it throws becomes the ack, anything else is logged with its stack and answered INTERNAL_ERROR. No
 * client input can throw out of it, and every event (known or not) gets exactly one ack.
 */
@Injectable()
export class SocketEdge {
  constructor(private readonly auth: SocketAuthService) {}

  /** Called from a gateway's afterInit with its namespace (or the root server) and its events. */
  serve(target: Server | Namespace, name: string, events: Record<string, SocketEvent>): void {
    const logger = new Logger(`Socket ${name}`);
    const budgets = new Map<string, Budget>();
    target.use((socket, next) => {
      // The handshake's `auth.token` is the one place a socket's token is read (never its query string).
      const raw: unknown = socket.handshake.auth?.token;
      const token = typeof raw === 'string' ? raw : undefined;
      const refuse = (code: 'RATE_LIMITED' | 'TOO_MANY_CONNECTIONS') =>
        next(Object.assign(new Error(code), { data: { code, reason: refusal(code).reason } }));
      let reserved: Budget | null = null;
      const release = () => {
        if (reserved) reserved.sockets -= 1;
        reserved = null;
      };
      void (async () => {
        // The cap and the flood cooldown are checked from the token's signature alone, before the database is
        // read: a seat hammering the handshake costs an HMAC, not a query and a roster update. The signature is
        // checked once per handshake.
        const claims = await this.auth.claimsOf(token);
        const key = this.auth.keyOf(claims);
        const budget = budgets.get(key) ?? {
          sockets: 0,
          bucket: new TokenBucket(SOCKET_EVENT_BURST, SOCKET_EVENTS_PER_SECOND),
          coolUntil: 0,
          refusedLoggedAt: 0,
        };
        const now = Date.now();
        if (now < budget.coolUntil) return refuse('RATE_LIMITED');
        const cap = key.startsWith('seat:') ? MAX_SOCKETS_PER_SEAT : MAX_SOCKETS_PER_INSTRUCTOR;
        if (budget.sockets >= cap) {
          if (now - budget.refusedLoggedAt > 1000) {
            budget.refusedLoggedAt = now;
            logger.warn(`${key} already holds ${budget.sockets} sockets; refusing more`);
          }
          return refuse('TOO_MANY_CONNECTIONS');
        }
        // the place is taken before the database is read, so concurrent handshakes cannot pass the cap together
        budget.sockets += 1;
        reserved = budget;
        budgets.set(key, budget);
        const principal = await this.auth.principalOf(claims);
        // the socket is connected right after this middleware; its disconnect gives the place back
        // (the budget is kept a little after the last one closes, so reconnecting does not refill it)
        reserved = null;
        socket.once('disconnect', () => {
          budget.sockets -= 1;
          if (budget.sockets > 0) return;
          setTimeout(() => {
            if (budget.sockets === 0 && budgets.get(key) === budget) budgets.delete(key);
          }, BUDGET_KEPT_MS).unref();
        });
        const state: SocketState = {
          principal,
          bucket: budget.bucket,
          budget,
          floodLoggedAt: 0,
          refused: 0,
          refusedSince: 0,
        };
        socket.data = state;
        next();
      })().catch((error: unknown) => {
        release();
        const answer = error instanceof ApiError ? error : new ApiError('UNAUTHORIZED');
        if (!(error instanceof ApiError))
          logger.error(`authentication failed: ${error instanceof Error ? error.stack : String(error)}`);
        next(Object.assign(new Error(answer.code), { data: { code: answer.code, reason: answer.reason } }));
      });
    });
    target.on('connection', (socket: Socket) => {
      const state = socket.data as Partial<SocketState>;
      if (!state.principal || !state.bucket) {
        socket.disconnect(true);
        return;
      }
      socket.onAny(
        (event: unknown, ...args: unknown[]) =>
          void this.dispatch(logger, events, socket, state as SocketState, event, args),
      );
    });
  }

  private async dispatch(
    logger: Logger,
    events: Record<string, SocketEvent>,
    socket: Socket,
    state: SocketState,
    event: unknown,
    args: unknown[],
  ): Promise<void> {
    const ack =
      typeof args[args.length - 1] === 'function' ? (args.pop() as (answer: unknown) => void) : undefined;
    const answer = (reply: object) => {
      try {
        ack?.(reply);
      } catch (error) {
        logger.warn(`ack failed: ${String(error)}`);
      }
    };
    const { principal } = state;
    const who =
      principal.kind === 'seat' ? `seat ${principal.seatId}` : `instructor ${principal.instructorId}`;
    const eventName = JSON.stringify(String(event)).slice(0, 80);
    try {
      if (!state.bucket.take()) {
        const now = Date.now();
        if (now - state.floodLoggedAt > 1000) {
          state.floodLoggedAt = now;
          logger.warn(`${who} (socket ${socket.id}) is flooding; refusing events with RATE_LIMITED`);
        }
        if (now - state.refusedSince > 1000) {
          state.refusedSince = now;
          state.refused = 0;
        }
        if (++state.refused > FLOOD_DISCONNECT_REFUSALS) {
          state.budget.coolUntil = now + FLOOD_COOLDOWN_MS;
          logger.warn(`${who} (socket ${socket.id}) kept flooding; disconnected, no new socket for 10 s`);
          socket.disconnect(true);
          return;
        }
        return answer(refusal('RATE_LIMITED'));
      }
      const definition =
        typeof event === 'string' && Object.hasOwn(events, event) ? events[event] : undefined;
      if (!definition) {
        logger.warn(`${who} sent unknown event ${eventName}`);
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
      if (definition.only && principal.kind !== definition.only)
        return answer(refusal('FORBIDDEN', definition.forbidden));
      const payload = checkInput(definition.payload, args[0] === undefined ? {} : args[0]);
      if (!payload.ok) {
        logger.debug(`${who}: ${eventName} refused: ${payload.reason.en}`);
        return answer(refusal('VALIDATION_FAILED', payload.reason, payload.field));
      }
      answer(await definition.handle(socket, principal, payload.value));
    } catch (error) {
      if (error instanceof Refused) return answer(error.refusal);
      if (error instanceof ApiError)
        return answer({ ok: false, code: error.code, reason: error.reason } satisfies Refusal);
      if (isOverload(error)) {
        logger.warn(`${who}: ${eventName} refused BUSY: the database is saturated (${String(error)})`);
        return answer(refusal('BUSY'));
      }
      logger.error(
        `${who}: ${eventName} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      answer(refusal('INTERNAL_ERROR'));
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
