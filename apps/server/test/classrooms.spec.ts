import * as joinCodes from '../src/classrooms/join-code';
import { PresenceService, RosterChange } from '../src/classrooms/presence.service';
import {
  createClassroom,
  http,
  joinStudent,
  registerInstructor,
  setUpClassroom,
  startTestServer,
  TestServer,
} from './support';

describe('classrooms, join codes and seats (real HTTP, real Postgres)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  test('an instructor creates a classroom with a 6-character unambiguous join code', async () => {
    const teacher = await registerInstructor(server.url);
    const created = await http(server.url, 'POST', '/api/classrooms', {
      token: teacher.token,
      body: { name: '  Networks 101  ' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      name: 'Networks 101',
      joinCode: expect.any(String),
      createdAt: expect.any(String),
    });
    expect(created.body.joinCode).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6}$/);
  });

  test('join codes of many classrooms are all different', async () => {
    const teacher = await registerInstructor(server.url);
    const codes = new Set<string>();
    for (let i = 0; i < 20; i++)
      codes.add((await createClassroom(server.url, teacher.token, `Class ${i}`)).joinCode);
    expect(codes.size).toBe(20);
  });

  test('a join code that is already taken is drawn again, not shared', async () => {
    const teacher = await registerInstructor(server.url);
    const first = await createClassroom(server.url, teacher.token, 'First');
    const draw = jest
      .spyOn(joinCodes, 'newJoinCode')
      .mockReturnValueOnce(first.joinCode)
      .mockReturnValueOnce(first.joinCode);
    try {
      const second = await createClassroom(server.url, teacher.token, 'Second');
      expect(draw).toHaveBeenCalledTimes(3);
      expect(second.joinCode).not.toBe(first.joinCode);
      expect(second.joinCode).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6}$/);
    } finally {
      draw.mockRestore();
    }
  });

  test('the list shows only my classrooms, newest first, with their seat counts', async () => {
    const { instructor, classroom } = await setUpClassroom(server.url, ['Alice', 'Bob', 'Carol']);
    const second = await createClassroom(server.url, instructor.token, 'Second class');
    const other = await registerInstructor(server.url);
    await createClassroom(server.url, other.token, 'Not mine');

    const list = await http(server.url, 'GET', '/api/classrooms', { token: instructor.token });
    expect(list.status).toBe(200);
    expect(list.body).toEqual([
      { ...second, seatCount: 0 },
      { ...classroom, seatCount: 3 },
    ]);
  });

  test('a student joins with the code (any case, spaces ignored) and gets a seat token', async () => {
    const teacher = await registerInstructor(server.url);
    const classroom = await createClassroom(server.url, teacher.token, 'Evening class');
    const typed = `${classroom.joinCode.slice(0, 3).toLowerCase()} ${classroom.joinCode.slice(3).toLowerCase()}`;
    const joined = await http(server.url, 'POST', '/api/join', {
      body: { joinCode: typed, displayName: ' 李雷 ' },
    });
    expect(joined.status).toBe(201);
    expect(joined.body).toEqual({
      token: expect.any(String),
      seat: { id: expect.any(String), displayName: '李雷' },
      classroom: { id: classroom.id, name: 'Evening class' },
    });
  });

  test('a second "Alice" in the same class is refused (409 CONFLICT, any case), in another class she is welcome', async () => {
    const teacher = await registerInstructor(server.url);
    const classroom = await createClassroom(server.url, teacher.token, 'Morning class');
    const other = await createClassroom(server.url, teacher.token, 'Afternoon class');
    const join = (joinCode: string, displayName: string) =>
      http(server.url, 'POST', '/api/join', { body: { joinCode, displayName } });
    expect((await join(classroom.joinCode, 'Alice')).status).toBe(201);
    const again = await join(classroom.joinCode, 'alice');
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CONFLICT');
    expect(again.body.error.message.en).toContain('already called "alice"');
    expect(again.body.error.message.zh).toContain('alice');
    const detail = await http(server.url, 'GET', `/api/classrooms/${classroom.id}`, { token: teacher.token });
    expect(detail.body.seats).toHaveLength(1);
    expect((await join(other.joinCode, 'Alice')).status).toBe(201);
  });

  test('the owner sees the roster in join order, everyone offline and unpaired at first', async () => {
    const { instructor, classroom, students } = await setUpClassroom(server.url, ['Alice', 'Bob']);
    const detail = await http(server.url, 'GET', `/api/classrooms/${classroom.id}`, {
      token: instructor.token,
    });
    expect(detail.status).toBe(200);
    expect(detail.body).toEqual({
      ...classroom,
      seats: [
        { id: students[0].seat.id, displayName: 'Alice', online: false, labId: null, role: null },
        { id: students[1].seat.id, displayName: 'Bob', online: false, labId: null, role: null },
      ],
    });
  });

  test('the roster keeps join order even when seats joined within the same millisecond', async () => {
    const { instructor, classroom } = await setUpClassroom(server.url, []);
    const sameInstant = new Date('2026-11-25T10:00:00.000Z');
    // ids chosen so that sorting by id (or by time) would give the wrong order
    for (const [id, displayName] of [
      ['ffffffff-0000-4000-8000-000000000001', 'First'],
      ['88888888-0000-4000-8000-000000000002', 'Second'],
      ['00000000-0000-4000-8000-000000000003', 'Third'],
    ]) {
      await server.prisma.seat.create({
        data: { id, displayName, classroomId: classroom.id, createdAt: sameInstant },
      });
    }
    const detail = await http(server.url, 'GET', `/api/classrooms/${classroom.id}`, {
      token: instructor.token,
    });
    expect(detail.body.seats.map((seat: { displayName: string }) => seat.displayName)).toEqual([
      'First',
      'Second',
      'Third',
    ]);
  });

  test('a returning student comes back to the same seat with GET /api/seats/me, and no new seat is made', async () => {
    const { classroom, students } = await setUpClassroom(server.url, ['Alice']);
    const seatsBefore = await server.prisma.seat.count({ where: { classroomId: classroom.id } });
    const me = await http(server.url, 'GET', '/api/seats/me', { token: students[0].token });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      seat: students[0].seat,
      classroom: { id: classroom.id, name: classroom.name },
      labId: null,
      role: null,
    });
    const again = await http(server.url, 'GET', '/api/seats/me', { token: students[0].token });
    expect(again.body.seat.id).toBe(students[0].seat.id);
    expect(await server.prisma.seat.count({ where: { classroomId: classroom.id } })).toBe(seatsBefore);
  });

  test("the roster and /api/seats/me show the seat's current lab and role from the Lab table", async () => {
    const { instructor, classroom, students } = await setUpClassroom(server.url, ['Alice', 'Bob', 'Carol']);
    const [alice, bob, carol] = students;
    const ended = await server.prisma.lab.create({
      data: {
        classroomId: classroom.id,
        clientSeatId: carol.seat.id,
        serverSeatId: alice.seat.id,
        mode: 'calls',
        status: 'ended',
        state: {},
      },
    });
    const current = await server.prisma.lab.create({
      data: {
        classroomId: classroom.id,
        clientSeatId: alice.seat.id,
        serverSeatId: bob.seat.id,
        mode: 'calls',
        status: 'running',
        state: {},
      },
    });
    const detail = await http(server.url, 'GET', `/api/classrooms/${classroom.id}`, {
      token: instructor.token,
    });
    const bySeat = Object.fromEntries(
      detail.body.seats.map((seat: { displayName: string }) => [seat.displayName, seat]),
    );
    expect(bySeat.Alice).toMatchObject({ labId: current.id, role: 'client' });
    expect(bySeat.Bob).toMatchObject({ labId: current.id, role: 'server' });
    // Carol's only lab has ended: she waits for a new pairing.
    expect(bySeat.Carol).toMatchObject({ labId: null, role: null });
    expect(ended.id).not.toBe(current.id);

    const bobMe = await http(server.url, 'GET', '/api/seats/me', { token: bob.token });
    expect(bobMe.body).toMatchObject({ labId: current.id, role: 'server' });
  });

  test('presence reported by the labs gateway shows in the roster and is announced on rosterChanged', async () => {
    const { instructor, classroom, students } = await setUpClassroom(server.url, ['Alice', 'Bob']);
    const presence = server.app.get(PresenceService);
    const changes: RosterChange[] = [];
    const subscription = presence.rosterChanged.subscribe((change) => changes.push(change));
    try {
      presence.setOnline(students[0].seat.id, true, classroom.id);
      presence.setOnline(students[0].seat.id, true, classroom.id); // a second tab: no new announcement
      const detail = await http(server.url, 'GET', `/api/classrooms/${classroom.id}`, {
        token: instructor.token,
      });
      expect(detail.body.seats.map((seat: { online: boolean }) => seat.online)).toEqual([true, false]);

      presence.setOnline(students[0].seat.id, false);
      expect(presence.isOnline(students[0].seat.id)).toBe(true); // one tab still open
      presence.setOnline(students[0].seat.id, false);
      expect(presence.isOnline(students[0].seat.id)).toBe(false);
      await joinStudent(server.url, classroom.joinCode, 'Carol');
      expect(changes.map((c) => c.reason)).toEqual(['online', 'offline', 'joined']);
      expect(changes.every((c) => c.classroomId === classroom.id)).toBe(true);
    } finally {
      subscription.unsubscribe();
    }
  });

  test('another instructor cannot see my classroom (403 FORBIDDEN)', async () => {
    const { classroom } = await setUpClassroom(server.url, ['Alice']);
    const other = await registerInstructor(server.url);
    const detail = await http(server.url, 'GET', `/api/classrooms/${classroom.id}`, { token: other.token });
    expect(detail.status).toBe(403);
    expect(detail.body.error.code).toBe('FORBIDDEN');
    expect(JSON.stringify(detail.body)).not.toContain('Alice');
    expect(JSON.stringify(detail.body)).not.toContain(classroom.joinCode);
  });

  test('a classroom that does not exist answers 404 NOT_FOUND', async () => {
    const teacher = await registerInstructor(server.url);
    const detail = await http(server.url, 'GET', '/api/classrooms/00000000-0000-4000-8000-000000000000', {
      token: teacher.token,
    });
    expect(detail.status).toBe(404);
    expect(detail.body.error.code).toBe('NOT_FOUND');
  });

  test('students cannot call instructor endpoints (403) and nothing is created', async () => {
    const { classroom, students } = await setUpClassroom(server.url, ['Alice']);
    const before = await server.prisma.classroom.count();
    const create = await http(server.url, 'POST', '/api/classrooms', {
      token: students[0].token,
      body: { name: 'Hijack' },
    });
    expect(create.status).toBe(403);
    expect(create.body.error.code).toBe('FORBIDDEN');
    expect((await http(server.url, 'GET', '/api/classrooms', { token: students[0].token })).status).toBe(403);
    expect(
      (await http(server.url, 'GET', `/api/classrooms/${classroom.id}`, { token: students[0].token })).status,
    ).toBe(403);
    expect(await server.prisma.classroom.count()).toBe(before);
  });

  test('instructors cannot use the seat route, and anonymous callers get 401', async () => {
    const { instructor } = await setUpClassroom(server.url, []);
    expect((await http(server.url, 'GET', '/api/seats/me', { token: instructor.token })).status).toBe(403);
    expect((await http(server.url, 'GET', '/api/seats/me')).body.error.code).toBe('UNAUTHORIZED');
    expect((await http(server.url, 'POST', '/api/classrooms', { body: { name: 'x' } })).body.error.code).toBe(
      'UNAUTHORIZED',
    );
  });
});
