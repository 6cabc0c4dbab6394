import type { Move } from '@tcp-lab/tcp-core';
import { sendMove, type LabSocket } from '../src/api/socket';
import { newMoveId } from '../src/api/moveId';

/** A stand-in for socket.io's client: the first emit's answer is lost (as when the connection drops). */
function flakySocket(
  answer: (payload: { labId: string; moveId: string; move: Move }) => unknown,
  lose: number,
) {
  const sent: { event: string; payload: { labId: string; moveId: string; move: Move } }[] = [];
  const socket = {
    connected: true,
    on: jest.fn(),
    off: jest.fn(),
    timeout: () => ({
      emit: (
        event: string,
        payload: { labId: string; moveId: string; move: Move },
        callback: (err: unknown, ack?: unknown) => void,
      ) => {
        sent.push({ event, payload });
        if (sent.length <= lose) callback(new Error('operation has timed out'));
        else callback(null, answer(payload));
      },
    }),
  };
  return { socket: socket as unknown as LabSocket, sent };
}

describe('sendMove', () => {
  it('resends a move whose answer was lost with the same moveId, so the server applies it once', async () => {
    const { socket, sent } = flakySocket(
      () => ({ ok: true, duplicate: true, entry: { step: 1 }, lab: {} }),
      2,
    );
    const ack = await sendMove(socket, 'lab-1', { by: 'client', call: 'connect' });
    expect(ack).toMatchObject({ ok: true, duplicate: true });
    expect(sent).toHaveLength(3);
    expect(sent.every(({ event }) => event === 'lab:move')).toBe(true);
    expect(new Set(sent.map(({ payload }) => payload.moveId)).size).toBe(1);
    expect(sent[0].payload).toEqual({
      labId: 'lab-1',
      moveId: sent[0].payload.moveId,
      move: { by: 'client', call: 'connect' },
    });
  });

  it('uses a new moveId for each new move', async () => {
    const { socket, sent } = flakySocket(
      () => ({ ok: false, code: 'NOT_IN_STATE', reason: { en: 'no', zh: '不' } }),
      0,
    );
    await sendMove(socket, 'lab-1', { by: 'client', call: 'close' });
    await sendMove(socket, 'lab-1', { by: 'client', call: 'close' });
    expect(sent[0].payload.moveId).not.toBe(sent[1].payload.moveId);
  });

  it('sends a move answered BUSY again after a pause, with the same moveId, until it gets through', async () => {
    jest.useFakeTimers();
    try {
      let calls = 0;
      const { socket, sent } = flakySocket(
        () =>
          ++calls <= 2
            ? { ok: false, code: 'BUSY', reason: { en: 'busy', zh: '忙' } }
            : { ok: true, duplicate: false, entry: { step: 1 }, lab: {} },
        0,
      );
      const pending = sendMove(socket, 'lab-1', { by: 'client', call: 'connect' });
      await jest.advanceTimersByTimeAsync(200 + 400);
      await expect(pending).resolves.toMatchObject({ ok: true, duplicate: false });
      expect(sent).toHaveLength(3);
      expect(new Set(sent.map(({ payload }) => payload.moveId)).size).toBe(1);
    } finally {
      jest.useRealTimers();
    }
  });

  it('tells the student BUSY when the server stays busy', async () => {
    jest.useFakeTimers();
    try {
      const { socket, sent } = flakySocket(
        () => ({ ok: false, code: 'BUSY', reason: { en: 'b', zh: '忙' } }),
        0,
      );
      const pending = sendMove(socket, 'lab-1', { by: 'client', call: 'connect' });
      await jest.advanceTimersByTimeAsync(60_000);
      await expect(pending).resolves.toMatchObject({ ok: false, code: 'BUSY' });
      expect(sent).toHaveLength(6);
    } finally {
      jest.useRealTimers();
    }
  });

  it('reports a move that never got an answer as a rejection the student can read', async () => {
    const { socket } = flakySocket(() => ({}), 99);
    const ack = await sendMove(socket, 'lab-1', { by: 'client', call: 'close' }, undefined, 2);
    expect(ack).toMatchObject({ ok: false, code: 'NO_ANSWER' });
  });
});

describe('newMoveId', () => {
  it('is a UUID even without crypto.randomUUID (plain http on a classroom LAN)', () => {
    const original = globalThis.crypto.randomUUID;
    Object.defineProperty(globalThis.crypto, 'randomUUID', { value: undefined, configurable: true });
    try {
      const ids = new Set(Array.from({ length: 50 }, () => newMoveId()));
      expect(ids.size).toBe(50);
      for (const id of ids)
        expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    } finally {
      Object.defineProperty(globalThis.crypto, 'randomUUID', { value: original, configurable: true });
    }
  });
});
