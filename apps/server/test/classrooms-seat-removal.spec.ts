import {
  http,
  joinStudent,
  registerInstructor,
  setUpClassroom,
  startTestServer,
  TestServer,
} from './support';
import { connectSocket, refusedConnection, waitFor, type TestSocket } from './support-labs/sockets';

const removeSeat = (url: string, token: string, classroomId: string, seatId: string) =>
  http(url, 'DELETE', `/api/classrooms/${classroomId}/seats/${seatId}`, { token });

const rosterNames = async (url: string, token: string, classroomId: string) =>
  (
    (await http(url, 'GET', `/api/classrooms/${classroomId}`, { token })).body.seats as {
      displayName: string;
    }[]
  ).map((seat) => seat.displayName);

describe('removing and leaving seats (real HTTP, real Postgres)', () => {
  let server: TestServer;
  const sockets: TestSocket[] = [];
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await server?.close();
  });

  test('the teacher removes a seat: it leaves the roster and the seat count, and its row stays for history', async () => {
    const { instructor, classroom, students } = await setUpClassroom(server.url, ['Alice', 'Bob', 'Carol']);
    const removed = await removeSeat(server.url, instructor.token, classroom.id, students[1].seat.id);
    expect(removed.status).toBe(204);
    expect(await rosterNames(server.url, instructor.token, classroom.id)).toEqual(['Alice', 'Carol']);
    const list = await http(server.url, 'GET', '/api/classrooms', { token: instructor.token });
    expect(list.body.find((c: { id: string }) => c.id === classroom.id).seatCount).toBe(2);
    const row = await server.prisma.seat.findUnique({ where: { id: students[1].seat.id } });
    expect(row?.removedAt).toBeInstanceOf(Date);
  });

  test('auto pairing never uses a removed seat: Alice and Carol are paired, Bob is not', async () => {
    const { instructor, classroom, students } = await setUpClassroom(server.url, ['Alice', 'Bob', 'Carol']);
    await removeSeat(server.url, instructor.token, classroom.id, students[1].seat.id);
    const paired = await http(server.url, 'POST', `/api/classrooms/${classroom.id}/pairings`, {
      token: instructor.token,
      body: { strategy: 'auto' },
    });
    expect(paired.status).toBe(201);
    expect(
      paired.body.labs.map((lab: { seats: Record<string, { displayName: string } | null> }) => [
        lab.seats.client?.displayName ?? null,
        lab.seats.server?.displayName ?? null,
      ]),
    ).toEqual([['Alice', 'Carol']]);
  });

  test('a hand-made pairing that names a removed seat is refused', async () => {
    const { instructor, classroom, students } = await setUpClassroom(server.url, ['Alice', 'Bob']);
    await removeSeat(server.url, instructor.token, classroom.id, students[1].seat.id);
    const paired = await http(server.url, 'POST', `/api/classrooms/${classroom.id}/pairings`, {
      token: instructor.token,
      body: { strategy: 'manual', pairs: [{ client: students[0].seat.id, server: students[1].seat.id }] },
    });
    expect(paired.status).toBe(400);
    expect(paired.body.error.code).toBe('VALIDATION_FAILED');
  });

  test("the removed student's token stops working, over HTTP and for a new socket, with a plain reason in both languages", async () => {
    const { instructor, classroom, students } = await setUpClassroom(server.url, ['Alice', 'Bob']);
    await removeSeat(server.url, instructor.token, classroom.id, students[0].seat.id);
    const me = await http(server.url, 'GET', '/api/seats/me', { token: students[0].token });
    expect(me.status).toBe(401);
    expect(me.body.error.code).toBe('UNAUTHORIZED');
    expect(me.body.error.details).toEqual([{ code: 'SEAT_REMOVED' }]);
    expect(me.body.error.message.en).toMatch(/removed from this class/);
    expect(me.body.error.message.zh).toMatch(/移除/);
    const refused = await refusedConnection(server.url, students[0].token);
    expect(refused.data?.reason.en).toMatch(/removed from this class/);
    // Bob is not affected
    expect((await http(server.url, 'GET', '/api/seats/me', { token: students[1].token })).status).toBe(200);
  });

  test("the removed student's open socket is closed at once", async () => {
    const { instructor, classroom, students } = await setUpClassroom(server.url, ['Alice', 'Bob']);
    const alice = await connectSocket(server.url, students[0].token);
    const bob = await connectSocket(server.url, students[1].token);
    sockets.push(alice, bob);
    await removeSeat(server.url, instructor.token, classroom.id, students[0].seat.id);
    await waitFor(() => !alice.socket.connected, "Alice's socket closed");
    expect(bob.socket.connected).toBe(true);
  });

  test("only the class's instructor removes its seats; unknown, already removed and malformed ids are refused", async () => {
    const { instructor, classroom, students } = await setUpClassroom(server.url, ['Alice', 'Bob']);
    const other = await registerInstructor(server.url);
    expect((await removeSeat(server.url, other.token, classroom.id, students[0].seat.id)).status).toBe(403);
    // a student cannot remove a classmate
    expect((await removeSeat(server.url, students[1].token, classroom.id, students[0].seat.id)).status).toBe(
      403,
    );
    const notUuid = await removeSeat(server.url, instructor.token, classroom.id, 'not-a-seat');
    expect(notUuid.status).toBe(400);
    expect(notUuid.body.error.code).toBe('VALIDATION_FAILED');
    // a seat of another class is not this class's seat
    const { students: elsewhere } = await setUpClassroom(server.url, ['Dora']);
    expect((await removeSeat(server.url, instructor.token, classroom.id, elsewhere[0].seat.id)).status).toBe(
      404,
    );
    expect((await removeSeat(server.url, instructor.token, classroom.id, students[0].seat.id)).status).toBe(
      204,
    );
    expect((await removeSeat(server.url, instructor.token, classroom.id, students[0].seat.id)).status).toBe(
      404,
    );
    expect(await rosterNames(server.url, instructor.token, classroom.id)).toEqual(['Bob']);
  });

  test('"Leave this seat": the seat leaves the roster and pairing, and the name can be taken again', async () => {
    const { instructor, classroom, students } = await setUpClassroom(server.url, ['Alice', 'Bob', 'Carol']);
    const left = await http(server.url, 'DELETE', '/api/seats/me', { token: students[0].token });
    expect(left.status).toBe(204);
    expect(await rosterNames(server.url, instructor.token, classroom.id)).toEqual(['Bob', 'Carol']);
    expect((await http(server.url, 'GET', '/api/seats/me', { token: students[0].token })).status).toBe(401);
    const again = await joinStudent(server.url, classroom.joinCode, 'Alice');
    expect(again.seat.id).not.toBe(students[0].seat.id);
    const paired = await http(server.url, 'POST', `/api/classrooms/${classroom.id}/pairings`, {
      token: instructor.token,
      body: { strategy: 'auto' },
    });
    expect(
      paired.body.labs.map((lab: { seats: Record<string, { seatId: string } | null> }) => [
        lab.seats.client?.seatId ?? null,
        lab.seats.server?.seatId ?? null,
      ]),
    ).toEqual([
      [students[1].seat.id, students[2].seat.id],
      [again.seat.id, null],
    ]);
  });
});
