/** socket.io with the contract's rules: token in `auth`, every emit acked, moves retried with the same id. */
import { io, type Socket } from 'socket.io-client';
import type { Move } from '@tcp-lab/tcp-core';
import { SOCKET_EVENTS, type LabMovePayload, type MoveAck, type Rejection } from '@tcp-lab/lab-protocol';
import { newMoveId } from './moveId';

export type LabSocket = Socket;

export function connectSocket(token: string): LabSocket {
  return io({ auth: { token }, reconnectionDelayMax: 3000 });
}

/** What a client says when the server's ack never came (a lost connection, a timeout). */
export const NO_ANSWER: Rejection = {
  ok: false,
  code: 'NO_ANSWER',
  reason: {
    en: 'The server did not answer. Check your connection and try again.',
    zh: '服务器没有响应，请检查网络连接后重试。',
  },
};

function waitForConnect(socket: LabSocket, timeoutMs: number): Promise<boolean> {
  if (socket.connected) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (value: boolean) => {
      clearTimeout(timer);
      socket.off('connect', onConnect);
      resolve(value);
    };
    const onConnect = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.on('connect', onConnect);
  });
}

/** One acked emit; resolves to undefined when no ack came within `timeoutMs`. */
export function emitAck<T>(
  socket: LabSocket,
  event: string,
  payload: unknown,
  timeoutMs = 8000,
): Promise<T | undefined> {
  return new Promise((resolve) => {
    socket.timeout(timeoutMs).emit(event, payload, (err: unknown, ack: T) => resolve(err ? undefined : ack));
  });
}

/** Acked emit that reports a missing answer as a rejection value. */
export async function request<T>(socket: LabSocket, event: string, payload: unknown): Promise<T | Rejection> {
  if (!(await waitForConnect(socket, 10000))) return NO_ANSWER;
  return (await emitAck<T>(socket, event, payload)) ?? NO_ANSWER;
}

/** How often a move answered BUSY is sent again (after 0.2, 0.4, 0.8, 1.6, 3.2 s) before the student is told. */
const BUSY_RETRIES = 5;

/**
 * Sends a move; when the answer is lost (disconnect, timeout) it waits for the reconnection and resends the SAME
 * moveId, which the server deduplicates, so the move is applied at most once; a BUSY answer (nothing recorded) is
 * sent again after a pause.
 */
export async function sendMove(
  socket: LabSocket,
  labId: string,
  move: Move,
  /** the step of the view the move was made from (LabSnapshot.step): the server refuses a stale one (STALE_VIEW) */
  step?: number,
  attempts = 4,
): Promise<MoveAck> {
  const moveId = newMoveId();
  const payload = (
    step === undefined ? { labId, moveId, move } : { labId, moveId, move, step }
  ) satisfies LabMovePayload;
  let unanswered = 0;
  let busy = 0;
  for (;;) {
    const ack = (await waitForConnect(socket, 10000))
      ? await emitAck<MoveAck>(socket, SOCKET_EVENTS.labMove, payload, 6000)
      : null;
    if (!ack) {
      // no answer (offline, lost ack): the same move id again; the server never applies it twice
      if (++unanswered >= attempts) return NO_ANSWER;
      continue;
    }
    // BUSY recorded nothing: the same move is tried again after a growing pause
    if (!ack.ok && ack.code === 'BUSY' && busy < BUSY_RETRIES) {
      await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** busy++));
      continue;
    }
    return ack;
  }
}
