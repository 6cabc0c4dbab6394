import { io } from 'socket.io-client';
import { http, LogCapture, setUpClassroom, startTestServer, type TestServer } from './support';
import { labRecord, pairAndStart } from './support-labs/labs';
import { connectSocket, type TestSocket } from './support-labs/sockets';

const NUL = 'a\u0000b';
const LONE_SURROGATE = 'a\uD800b';
const STACK_FRAME = /\n\s+at .+:\d+/;

/**
 * Bad text (NUL, lone UTF-16 surrogates, control characters in names) in any field or id, over HTTP and sockets:
 * VALIDATION_FAILED naming the field, nothing written, nothing logged at error level and no stack trace.
 * Tokens are read from three places only and never logged. Another class's objects are refused the same way.
 */
describe('bad text in any field or id', () => {
  const logs = new LogCapture();
  let server: TestServer;
  let setup: Awaited<ReturnType<typeof setUpClassroom>>;
  let labId: string;
  let quizId: string;
  const sockets: TestSocket[] = [];

  const rowCounts = async () => ({
    instructors: await server.prisma.instructor.count(),
    classrooms: await server.prisma.classroom.count(),
    seats: await server.prisma.seat.count(),
    quizzes: await server.prisma.quiz.count(),
    labMoves: await server.prisma.labMove.count(),
  });

  /** The request is refused VALIDATION_FAILED naming `field`, nothing is written, nothing is logged as an error. */
  async function expectRefusedOverHttp(
    request: { method: string; path: string; body?: unknown; token?: string },
    field: string,
  ) {
    const before = await rowCounts();
    logs.clear();
    const result = await http(server.url, request.method, request.path, request);
    expect({ status: result.status, code: result.body?.error?.code }).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    expect(result.body.error.details?.[0]?.path).toBe(field);
    // the reason names it as a person reads a path: tasks[0].title.zh
    const named = field.replace(/\.(\d+)/g, '[$1]');
    expect(result.body.error.message.en).toContain(named);
    expect(result.body.error.message.zh).toContain(named);
    expect(result.body.error.message.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(await rowCounts()).toEqual(before);
    expect(logs.errors()).toEqual([]);
    expect(logs.text()).not.toMatch(STACK_FRAME);
    return result;
  }

  async function expectRefusedOverSocket(socket: TestSocket, event: string, payload: unknown, field: string) {
    const before = await rowCounts();
    const lab = await labRecord(server.prisma, labId);
    logs.clear();
    const ack = await socket.request(event, payload);
    expect(ack).toMatchObject({ ok: false, code: 'VALIDATION_FAILED', field });
    expect(ack.reason!.en).toContain(field);
    expect(ack.reason!.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(await rowCounts()).toEqual(before);
    expect(await labRecord(server.prisma, labId)).toEqual(lab);
    expect(logs.errors()).toEqual([]);
    expect(logs.text()).not.toMatch(STACK_FRAME);
    return ack;
  }

  beforeAll(async () => {
    server = await startTestServer({ logs });
    setup = await setUpClassroom(server.url, ['Alice', 'Bob']);
    [{ id: labId }] = await pairAndStart(server.url, setup.instructor.token, setup.classroom.id, {
      strategy: 'auto',
    });
    const quiz = await http(server.url, 'POST', `/api/classrooms/${setup.classroom.id}/quizzes`, {
      token: setup.instructor.token,
      body: { title: 'Draft', feedback: 'practice', tasks: [{ catalogId: 'client-normal-open' }] },
    });
    quizId = quiz.body.quiz.id;
  });
  afterAll(async () => {
    sockets.forEach((socket) => socket.close());
    await server?.close();
  });

  describe('over HTTP', () => {
    test.each([
      ['a NUL', NUL],
      ['a lone surrogate', LONE_SURROGATE],
      ['a control character', 'Al\u0007ice'],
      ['a right-to-left override', 'Alice\u202Egnp.exe'],
      ['a line break', 'Alice\nBob'],
    ])('a display name with %s', async (_what, displayName) => {
      await expectRefusedOverHttp(
        { method: 'POST', path: '/api/join', body: { joinCode: setup.classroom.joinCode, displayName } },
        'displayName',
      );
    });

    test('a join code with a NUL or a lone surrogate', async () => {
      for (const joinCode of [NUL, LONE_SURROGATE])
        await expectRefusedOverHttp(
          { method: 'POST', path: '/api/join', body: { joinCode, displayName: 'Carol' } },
          'joinCode',
        );
    });

    test("a classroom name, an instructor's name and a password with a NUL", async () => {
      await expectRefusedOverHttp(
        { method: 'POST', path: '/api/classrooms', token: setup.instructor.token, body: { name: NUL } },
        'name',
      );
      await expectRefusedOverHttp(
        {
          method: 'POST',
          path: '/api/classrooms',
          token: setup.instructor.token,
          body: { name: 'Tab\there' },
        },
        'name',
      );
      await expectRefusedOverHttp(
        {
          method: 'POST',
          path: '/api/auth/register',
          body: { email: 'n@school.example', name: LONE_SURROGATE, password: 'long enough' },
        },
        'name',
      );
      await expectRefusedOverHttp(
        {
          method: 'POST',
          path: '/api/auth/register',
          body: { email: 'p@school.example', name: 'P', password: `long enough${NUL}` },
        },
        'password',
      );
    });

    test("a quiz title, a task's title and text inside a task's script", async () => {
      const path = `/api/classrooms/${setup.classroom.id}/quizzes`;
      const quiz = (extra: object) => ({
        title: 'Quiz',
        feedback: 'practice',
        tasks: [{ catalogId: 'client-normal-open' }],
        ...extra,
      });
      await expectRefusedOverHttp(
        { method: 'POST', path, token: setup.instructor.token, body: quiz({ title: NUL }) },
        'title',
      );
      const task = {
        title: { en: 'Mine', zh: `我的${LONE_SURROGATE}` },
        role: 'client',
        script: { format: 'tcp-lab/1', moves: [] },
      };
      await expectRefusedOverHttp(
        { method: 'POST', path, token: setup.instructor.token, body: quiz({ tasks: [task] }) },
        'tasks.0.title.zh',
      );
      const script = { format: 'tcp-lab/1', title: NUL, moves: [] };
      await expectRefusedOverHttp(
        {
          method: 'POST',
          path,
          token: setup.instructor.token,
          body: quiz({ tasks: [{ ...task, title: { en: 'a', zh: '甲' }, script }] }),
        },
        'tasks.0.script.title',
      );
    });

    test('an id in the URL and a query value with a NUL, or not UTF-8 (a lone surrogate)', async () => {
      const token = setup.instructor.token;
      await expectRefusedOverHttp({ method: 'GET', path: '/api/labs/a%00b', token }, 'id');
      await expectRefusedOverHttp({ method: 'GET', path: '/api/quizzes/%00', token }, 'id');
      await expectRefusedOverHttp({ method: 'GET', path: '/api/classrooms/x%00', token }, 'id');
      await expectRefusedOverHttp(
        { method: 'GET', path: `/api/labs/${labId}/transcript.json?round=%00`, token },
        'round',
      );
      // %ED%A0%80 is U+D800 written as if it were a character: not UTF-8, so not decodable.
      logs.clear();
      const surrogate = await http(server.url, 'GET', '/api/labs/%ED%A0%80', { token });
      expect(surrogate.status).toBe(400);
      expect(surrogate.body.error.code).toBe('VALIDATION_FAILED');
      expect(surrogate.body.error.message.zh).toMatch(/URL/);
      expect(logs.errors()).toEqual([]);
      expect(logs.text()).not.toMatch(STACK_FRAME);
    });
  });

  describe('over sockets', () => {
    let alice: TestSocket;
    let teacher: TestSocket;
    let aliceQuiz: TestSocket;
    beforeAll(async () => {
      alice = await connectSocket(server.url, setup.students[0].token);
      teacher = await connectSocket(server.url, setup.instructor.token);
      aliceQuiz = await connectSocket(`${server.url}/quiz`, setup.students[0].token);
      sockets.push(alice, teacher, aliceQuiz);
    });

    test('ids with a NUL or a lone surrogate, on both namespaces', async () => {
      await expectRefusedOverSocket(alice, 'lab:join', { labId: NUL }, 'labId');
      await expectRefusedOverSocket(
        alice,
        'lab:move',
        { labId, moveId: LONE_SURROGATE, move: { by: 'client', call: 'connect' } },
        'moveId',
      );
      await expectRefusedOverSocket(teacher, 'class:watch', { classroomId: LONE_SURROGATE }, 'classroomId');
      await expectRefusedOverSocket(aliceQuiz, 'quiz:join', { quizId: NUL }, 'quizId');
      await expectRefusedOverSocket(
        aliceQuiz,
        'quiz:answer',
        { quizId, runId: 'r1', moveId: NUL, move: {} },
        'moveId',
      );
    });

    test('`send` data with a NUL or a lone surrogate: refused, nothing recorded', async () => {
      for (const data of [NUL, LONE_SURROGATE]) {
        const ack = await expectRefusedOverSocket(
          alice,
          'lab:move',
          {
            labId,
            moveId: `send-${data.length}-${data.charCodeAt(1)}`,
            move: { by: 'client', call: 'send', bytes: 3, data },
          },
          'move.data',
        );
        expect(ack.reason!.zh).toMatch(/空字符|代理项/);
      }
    });

    test('a field name with a NUL is refused too', async () => {
      await expectRefusedOverSocket(alice, 'lab:join', { labId, ['x\u0000']: 1 }, 'x\\u0000');
    });
  });

  describe('tokens', () => {
    const transcript = () => `/api/labs/${labId}/transcript.json`;

    test('a download link takes ?token= exactly; a percent-encoded key is not a token', async () => {
      const token = setup.instructor.token;
      expect((await http(server.url, 'GET', `${transcript()}?token=${token}`)).status).toBe(200);
      for (const key of ['%74oken', 'TOKEN', 'tok%65n', 'access_token']) {
        const refused = await http(server.url, 'GET', `${transcript()}?${key}=${token}`);
        expect({ key, status: refused.status, code: refused.body.error.code }).toEqual({
          key,
          status: 401,
          code: 'UNAUTHORIZED',
        });
      }
      expect((await http(server.url, 'GET', `${transcript()}?token=${token}&token=${token}`)).status).toBe(
        401,
      );
    });

    test('only on download routes; elsewhere only the Authorization header', async () => {
      const token = setup.instructor.token;
      expect((await http(server.url, 'GET', `/api/labs/${labId}?token=${token}`)).status).toBe(401);
      const basic = await fetch(`${server.url}/api/labs/${labId}`, {
        headers: { authorization: `Token ${token}` },
      });
      expect(basic.status).toBe(401);
      expect((await http(server.url, 'GET', `/api/labs/${labId}`, { token })).status).toBe(200);
    });

    test('a socket takes its token from the handshake only, not from the query string', async () => {
      const socket = io(server.url, {
        query: { token: setup.students[0].token },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      const error = await new Promise<Error & { data?: { code: string } }>((resolve) =>
        socket.once('connect_error', resolve),
      );
      socket.close();
      expect(error.data?.code).toBe('UNAUTHORIZED');
    });

    test('never logged, whatever the key, the encoding or the header', async () => {
      const token = setup.instructor.token;
      const percentEncoded = [...token].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('');
      logs.clear();
      await http(server.url, 'GET', `${transcript()}?token=${token}`);
      await http(server.url, 'GET', `${transcript()}?%74oken=${token}`);
      await http(server.url, 'GET', `${transcript()}?TOKEN=${token}&round=1`);
      await http(server.url, 'GET', `${transcript()}?x=${percentEncoded}`);
      await http(server.url, 'GET', `/api/labs/${labId}`, { token });
      await http(server.url, 'GET', `/api/labs/${percentEncoded}`);
      await fetch(`${server.url}/api/labs/${labId}`, { headers: { 'x-token': token, cookie: `t=${token}` } });
      const logged = logs.text();
      expect(logs.lines.filter((line) => line.req).length).toBeGreaterThanOrEqual(7);
      const [header, payload, signature] = token.split('.');
      for (const part of [header, payload, signature, percentEncoded.slice(0, 60)])
        expect(logged).not.toContain(part);
      expect(logged).toContain('[Redacted]');
    });
  });

  describe("another class's objects", () => {
    test("quiz:join of another class's draft (or running) quiz is refused FORBIDDEN, not ok with quiz:null", async () => {
      const other = await setUpClassroom(server.url, ['Olga']);
      const mallory = await connectSocket(`${server.url}/quiz`, other.students[0].token);
      sockets.push(mallory);
      expect(await mallory.request('quiz:join', { quizId })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      expect(await mallory.request('quiz:join', { quizId: 'no-such-quiz' })).toMatchObject({
        ok: false,
        code: 'NOT_FOUND',
      });
      // Their own class has no quiz: that is not a refusal.
      expect(await mallory.request('quiz:join', {})).toEqual({ ok: true, quiz: null });
      expect(
        await mallory.request('quiz:answer', { quizId, runId: 'r', moveId: 'm', move: {} }),
      ).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    });

    test("every read of another class's lab, classroom or quiz: FORBIDDEN over HTTP and sockets", async () => {
      const other = await setUpClassroom(server.url, ['Olga']);
      const reads = [
        ['GET', `/api/labs/${labId}`, other.students[0].token],
        ['GET', `/api/labs/${labId}/transcript.json`, other.students[0].token],
        ['GET', `/api/labs/${labId}`, other.instructor.token],
        ['GET', `/api/classrooms/${setup.classroom.id}`, other.instructor.token],
        ['GET', `/api/quizzes/${quizId}`, other.instructor.token],
      ] as const;
      for (const [method, path, token] of reads) {
        const result = await http(server.url, method, path, { token });
        expect({ path, status: result.status, code: result.body.error?.code }).toEqual({
          path,
          status: 403,
          code: 'FORBIDDEN',
        });
      }
      const olga = await connectSocket(server.url, other.students[0].token);
      const teacher = await connectSocket(`${server.url}/quiz`, other.instructor.token);
      sockets.push(olga, teacher);
      expect(await olga.request('lab:join', { labId })).toMatchObject({ code: 'FORBIDDEN' });
      expect(await teacher.request('quiz:watch', { quizId })).toMatchObject({ code: 'FORBIDDEN' });
    });
  });
});
