import { io, type Socket } from 'socket.io-client';
import type { Ack, ServerEvents } from './events';

/** Polls `probe` until it returns a value that is not undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs = 10_000,
  everyMs = 20,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Payloads of other areas' events (e.g. the quiz namespace), which their own tests type as they need. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type OtherEventPayload = any;

/** Not an event of the server's: where a socket keeps the delta of its own move's ack among what it received. */
const OWN_MOVE_ACK = 'own-move-ack';

/** A real socket.io client that remembers every event the server sent it, in order. */
export interface TestSocket {
  socket: Socket;
  received: Array<{ event: string; payload: unknown }>;
  /** emits with an ack and resolves with the ack (fails after `timeoutMs`) */
  request<T = Ack>(event: string, payload?: unknown, timeoutMs?: number): Promise<T>;
  /** the events of one name received so far */
  events<E extends string>(event: E): E extends keyof ServerEvents ? ServerEvents[E][] : OtherEventPayload[];
  /**
   * Every delta this socket got, in arrival order, as a client following a lab sees them: the `lab:update`s, and
   * the delta in the ack of each of its own moves (the server leaves the moving socket out of that move's update).
   */
  updates(): ServerEvents['lab:update'][];
  close(): void;
}

export function connectSocket(url: string, token: string | undefined): Promise<TestSocket> {
  const socket = io(url, {
    auth: token === undefined ? {} : { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  const received: TestSocket['received'] = [];
  socket.onAny((event: string, payload: unknown) => received.push({ event, payload }));
  const wrapped: TestSocket = {
    socket,
    received,
    request: async (event, payload, timeoutMs = 10_000) => {
      const ack = await socket.timeout(timeoutMs).emitWithAck(event, payload);
      const { entry, lab } = (ack ?? {}) as { entry?: unknown; lab?: { delta?: boolean } };
      if (event === 'lab:move' && entry && lab?.delta === true)
        received.push({
          event: OWN_MOVE_ACK,
          payload: { labId: (payload as { labId: string }).labId, entry, lab },
        });
      return ack;
    },
    events: <E extends string>(event: E) =>
      received
        .filter((item) => item.event === event)
        .map((item) => item.payload) as E extends keyof ServerEvents
        ? ServerEvents[E][]
        : OtherEventPayload[],
    updates: () =>
      received
        .filter((item) => item.event === 'lab:update' || item.event === OWN_MOVE_ACK)
        .map((item) => item.payload as ServerEvents['lab:update']),
    close: () => socket.close(),
  };
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(wrapped));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

export type RefusedConnection = Error & { data?: { code: string; reason: { en: string; zh: string } } };

/** The connect_error a refused handshake produces: its message is the code, `data` carries {code, reason}. */
export function refusedConnection(url: string, token: string | undefined): Promise<RefusedConnection> {
  return connectSocket(url, token).then(
    (connected) => {
      connected.close();
      throw new Error('the server accepted a connection it should have refused');
    },
    (error: RefusedConnection) => error,
  );
}
