import { JwtService } from '@nestjs/jwt';
import {
  http,
  joinStudent,
  setUpClassroom,
  startTestServer,
  TEST_JWT_SECRET,
  type TestServer,
} from './support';
import { control, deliver, labRecord, ok, pairAndStart, playerOf, type Player } from './support-labs/labs';
import type { Ack } from './support-labs/events';
import { connectSocket, refusedConnection, waitFor, type TestSocket } from './support-labs/sockets';

/**
 * Every kind of bad input a student (or a script pretending to be one) can send. Refusals that are not tcp-core's
 * change nothing at all; a move tcp-core rejects is recorded as one `ok:false` entry and changes no state.
 */
describe('bad input over socket.io', () => {
  let server: TestServer;
  let alice: Player;
  let bob: Player;
  let labId: string;
  let classroomId: string;
  let instructorToken: string;
  const extraSockets: TestSocket[] = [];

  /** Runs `act` and checks that neither the Lab row nor its transcript rows changed. */
  async function expectNothingChanges(act: () => Promise<void>) {
    const before = await labRecord(server.prisma, labId);
    await act();
    const after = await labRecord(server.prisma, labId);
    expect(after.lab).toEqual(before.lab);
    expect(after.moves).toEqual(before.moves);
  }

  /** Runs `act` and checks that exactly one rejected entry was added and the lab's state did not change. */
  async function expectOneRejectedEntry(act: () => Promise<Ack>, code: string) {
    const before = await labRecord(server.prisma, labId);
    const ack = await act();
    expect(ack).toMatchObject({
      ok: false,
      code,
      reason: { en: expect.any(String), zh: expect.any(String) },
    });
    expect(ack.entry).toMatchObject({ ok: false, code, step: before.lab.moveCount + 1 });
    const after = await labRecord(server.prisma, labId);
    expect(after.lab.state).toEqual(before.lab.state);
    expect(after.lab.moveCount).toBe(before.lab.moveCount + 1);
    expect(after.moves).toHaveLength(before.moves.length + 1);
    expect(after.moves.at(-1)).toMatchObject({ ok: false, step: before.lab.moveCount + 1 });
    return ack;
  }

  beforeAll(async () => {
    server = await startTestServer({ config: { labTimeScale: 0.001 } });
    const { instructor, classroom, students } = await setUpClassroom(server.url, ['Alice', 'Bob']);
    instructorToken = instructor.token;
    classroomId = classroom.id;
    const [lab] = await pairAndStart(server.url, instructor.token, classroom.id, { strategy: 'auto' });
    labId = lab.id;
    alice = playerOf(students[0], await connectSocket(server.url, students[0].token), labId, 'client');
    bob = playerOf(students[1], await connectSocket(server.url, students[1].token), labId, 'server');
    ok(await bob.move({ by: 'server', call: 'listen' }));
  });
  afterAll(async () => {
    for (const socket of [alice?.socket, bob?.socket, ...extraSockets]) socket?.close();
    await server?.close();
  });

  describe('refused at the handshake', () => {
    test('no token: connect_error UNAUTHORIZED', async () => {
      const error = await refusedConnection(server.url, undefined);
      expect(error.message).toBe('UNAUTHORIZED');
      expect(error.data).toMatchObject({
        code: 'UNAUTHORIZED',
        reason: { en: expect.any(String), zh: expect.any(String) },
      });
    });

    test('a token signed with another secret: connect_error UNAUTHORIZED', async () => {
      const forged = new JwtService({ secret: 'not-the-server-secret-0123456789' }).sign({
        kind: 'seat',
        sub: alice.student.seat.id,
        cid: classroomId,
      });
      expect((await refusedConnection(server.url, forged)).message).toBe('UNAUTHORIZED');
    });

    test('an expired seat token: connect_error TOKEN_EXPIRED', async () => {
      const expired = new JwtService({ secret: TEST_JWT_SECRET }).sign({
        kind: 'seat',
        sub: alice.student.seat.id,
        cid: classroomId,
        exp: Math.floor(Date.now() / 1000) - 60,
      });
      expect((await refusedConnection(server.url, expired)).message).toBe('TOKEN_EXPIRED');
    });
  });

  describe('refused before the lab (nothing recorded)', () => {
    test('a seat of another class moving in this lab: FORBIDDEN', async () => {
      const other = await setUpClassroom(server.url, ['Mallory']);
      const mallory = await connectSocket(server.url, other.students[0].token);
      extraSockets.push(mallory);
      await expectNothingChanges(async () => {
        expect(
          await mallory.request('lab:move', { labId, moveId: 'x1', move: { by: 'client', call: 'connect' } }),
        ).toMatchObject({ ok: false, code: 'FORBIDDEN' });
        expect(await mallory.request('lab:join', { labId })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      });
    });

    test('a seat of the same class that is not in this lab: FORBIDDEN', async () => {
      const carol = await joinStudent(
        server.url,
        (await http(server.url, 'GET', `/api/classrooms/${classroomId}`, { token: instructorToken })).body
          .joinCode,
        'Carol',
      );
      const socket = await connectSocket(server.url, carol.token);
      extraSockets.push(socket);
      await expectNothingChanges(async () => {
        expect(
          await socket.request('lab:move', { labId, moveId: 'c1', move: { by: 'client', call: 'connect' } }),
        ).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      });
    });

    test("a student calling the instructor's actions: HTTP 403 and socket FORBIDDEN", async () => {
      await expectNothingChanges(async () => {
        for (const [path, body] of [
          [`/api/labs/${labId}/control`, { action: 'pause' }],
          [`/api/labs/${labId}/control`, { action: 'advance-clock', ms: 1000 }],
          [`/api/labs/${labId}/fault`, { fault: 'drop', from: 'client' }],
          [`/api/classrooms/${classroomId}/labs/control`, { action: 'end' }],
          [`/api/classrooms/${classroomId}/pairings`, { strategy: 'auto' }],
        ] as const) {
          const result = await http(server.url, 'POST', path, { token: alice.student.token, body });
          expect(result.status).toBe(403);
          expect(result.body.error.code).toBe('FORBIDDEN');
        }
        expect(
          (
            await http(server.url, 'GET', `/api/classrooms/${classroomId}/mistakes`, {
              token: alice.student.token,
            })
          ).status,
        ).toBe(403);
        expect(await alice.socket.request('class:watch', { classroomId })).toMatchObject({
          ok: false,
          code: 'FORBIDDEN',
        });
      });
    });

    test('malformed payloads: VALIDATION_FAILED with a readable reason', async () => {
      await expectNothingChanges(async () => {
        const missingId = await alice.socket.request('lab:move', {
          labId,
          move: { by: 'client', call: 'connect' },
        });
        expect(missingId).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
        expect(missingId.reason?.en).toMatch(/moveId/);
        const notAMove = await alice.socket.request('lab:move', {
          labId,
          moveId: 'v1',
          move: { by: 'client', call: 'fly' },
        });
        expect(notAMove).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
        expect(notAMove.reason?.en).toMatch(/call/);
        expect(notAMove.reason?.zh).toEqual(expect.any(String));
        expect(await alice.socket.request('lab:move', 'connect please')).toMatchObject({
          ok: false,
          code: 'VALIDATION_FAILED',
        });
        expect(await alice.socket.request('lab:move', { labId, moveId: '', move: {} })).toMatchObject({
          ok: false,
          code: 'VALIDATION_FAILED',
        });
        expect(await alice.socket.request('lab:join', { labId: 42 })).toMatchObject({
          ok: false,
          code: 'VALIDATION_FAILED',
        });
        expect(
          await alice.socket.request('lab:move', {
            labId,
            moveId: 'v2',
            move: { by: 'client', call: 'connect' },
            extra: true,
          }),
        ).toMatchObject({
          ok: false,
          code: 'VALIDATION_FAILED',
        });
      });
    });

    test('an oversized payload: PAYLOAD_TOO_LARGE', async () => {
      await expectNothingChanges(async () => {
        const huge = {
          labId,
          moveId: 'big',
          move: { by: 'client', call: 'send', bytes: 1, data: 'x'.repeat(5000) },
        };
        expect(await alice.socket.request('lab:move', huge)).toMatchObject({
          ok: false,
          code: 'PAYLOAD_TOO_LARGE',
        });
      });
    });

    test("a packet above socket.io's maxHttpBufferSize (64 kB) closes that connection; the server lives on", async () => {
      const socket = await connectSocket(server.url, alice.student.token);
      extraSockets.push(socket);
      await expectNothingChanges(async () => {
        const closed = new Promise<string>((resolve) =>
          socket.socket.once('disconnect', (reason) => resolve(reason)),
        );
        socket.socket.emit('lab:move', {
          labId,
          moveId: 'huge',
          move: { by: 'client', call: 'send', bytes: 1, data: 'x'.repeat(100_000) },
        });
        expect(await closed).toEqual(expect.any(String));
      });
      expect(ok(await alice.socket.request('lab:join', { labId })).lab.id).toBe(labId);
    });

    test('an unknown event: UNKNOWN_EVENT, and the socket keeps working', async () => {
      await expectNothingChanges(async () => {
        expect(await alice.socket.request('lab:teleport', { labId })).toMatchObject({
          ok: false,
          code: 'UNKNOWN_EVENT',
        });
        expect(await alice.socket.request('__proto__', {})).toMatchObject({
          ok: false,
          code: 'UNKNOWN_EVENT',
        });
        expect(await alice.socket.request('constructor', {})).toMatchObject({
          ok: false,
          code: 'UNKNOWN_EVENT',
        });
      });
      expect(ok(await alice.socket.request('lab:join', { labId })).lab.yourRole).toBe('client');
    });

    test('a paused lab: LAB_NOT_RUNNING', async () => {
      expect((await control(server.url, instructorToken, labId, { action: 'pause' })).status).toBe(200);
      await expectNothingChanges(async () => {
        expect(await alice.move({ by: 'client', call: 'connect' })).toMatchObject({
          ok: false,
          code: 'LAB_NOT_RUNNING',
        });
      });
      expect((await control(server.url, instructorToken, labId, { action: 'resume' })).status).toBe(200);
    });

    test('a flood: RATE_LIMITED, and nothing changes', async () => {
      const flooder = await connectSocket(server.url, alice.student.token);
      extraSockets.push(flooder);
      await expectNothingChanges(async () => {
        // 80 events at once from one socket: the first ones are answered (here: refused as malformed), the rest
        // are refused unread with RATE_LIMITED.
        const acks = await Promise.all(
          Array.from({ length: 80 }, (_, i) =>
            flooder.request('lab:move', { labId, moveId: `flood-${i}`, move: { by: 'client', call: 'fly' } }),
          ),
        );
        const limited = acks.filter((ack) => ack.code === 'RATE_LIMITED');
        expect(limited.length).toBeGreaterThanOrEqual(40);
        expect(limited[0].reason).toEqual({ en: expect.any(String), zh: expect.any(String) });
        expect(acks.filter((ack) => ack.code === 'VALIDATION_FAILED').length).toBeGreaterThan(0);
        expect(acks.every((ack) => ack.code === 'RATE_LIMITED' || ack.code === 'VALIDATION_FAILED')).toBe(
          true,
        );
      });
      // the seat's other sockets share its one budget (a student cannot multiply it by opening tabs): right after
      // the flood, most of 15 joins at once from another of its sockets are refused (a socket of its own would
      // have had 20) ...
      const joins = await Promise.all(
        Array.from({ length: 15 }, () => alice.socket.request('lab:join', { labId })),
      );
      expect(joins.filter((ack) => ack.code === 'RATE_LIMITED').length).toBeGreaterThanOrEqual(10);
      // ... another seat's do not
      expect(ok(await bob.socket.request('lab:join', { labId })).lab.id).toBe(labId);
      // and the budget refills (10 events a second): wait for a few before the next tests
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect(ok(await alice.socket.request('lab:join', { labId })).lab.id).toBe(labId);
    });
  });

  describe('rejected by tcp-core (recorded, state unchanged)', () => {
    test('moving the other endpoint: NOT_YOUR_ENDPOINT', async () => {
      await expectOneRejectedEntry(() => alice.move({ by: 'server', call: 'close' }), 'NOT_YOUR_ENDPOINT');
    });

    test('a call that makes no sense in the state: NOT_IN_STATE', async () => {
      await expectOneRejectedEntry(() => alice.move({ by: 'client', call: 'close' }), 'NOT_IN_STATE');
    });

    test('delivering when nothing is in flight: NOTHING_IN_FLIGHT', async () => {
      await expectOneRejectedEntry(() => alice.move(deliver('client')), 'NOTHING_IN_FLIGHT');
    });

    test("a student arming a fault (the instructor's move): NOT_ALLOWED", async () => {
      await expectOneRejectedEntry(
        () => bob.move({ by: 'network', action: 'fault', fault: 'drop', from: 'client' }),
        'NOT_ALLOWED',
      );
    });

    test('after all of that the lab still plays on', async () => {
      ok(await alice.move({ by: 'client', call: 'connect' }));
      const delivered = ok(await bob.move(deliver('client')));
      expect(delivered.lab.states).toEqual({ client: 'SYN_SENT', server: 'SYN_RCVD' });
      await waitFor(
        () => alice.socket.events('lab:update').some((update) => update.lab.states.server === 'SYN_RCVD'),
        'update to the client',
      );
    });
  });
});
