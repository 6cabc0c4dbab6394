import { REFUSALS } from '../src/common/refusals';
import { LabsService } from '../src/labs/labs.service';
import { QuizService } from '../src/quiz/quiz.service';
import { http, LogCapture, setUpClassroom, startTestServer, type TestServer } from './support';
import { pairAndStart } from './support-labs/labs';
import { connectSocket, refusedConnection, type TestSocket } from './support-labs/sockets';

const CJK = /[\u4e00-\u9fff]/;

/**
 * The labs namespace (`/`) and the quiz namespace (`/quiz`) are served by one socket edge: the same refusal, with
 * the same code and reason, for the same fault, on both. Real socket.io clients against a real server.
 */
describe('one socket edge for every namespace', () => {
  const logs = new LogCapture();
  let server: TestServer;
  let classroomId: string;
  let labId: string;
  let quizId: string;
  let instructor: { labs: TestSocket; quiz: TestSocket };
  let student: { labs: TestSocket; quiz: TestSocket };
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    server = await startTestServer({ logs });
    const setup = await setUpClassroom(server.url, ['Alice', 'Bob']);
    classroomId = setup.classroom.id;
    [{ id: labId }] = await pairAndStart(server.url, setup.instructor.token, classroomId, {
      strategy: 'auto',
    });
    const created = await http(server.url, 'POST', `/api/classrooms/${classroomId}/quizzes`, {
      token: setup.instructor.token,
      body: { title: 'Edge', feedback: 'practice', tasks: [{ catalogId: 'client-normal-open' }] },
    });
    quizId = created.body.quiz.id;
    const open = async (path: string, token: string) => {
      const socket = await connectSocket(`${server.url}${path}`, token);
      sockets.push(socket);
      return socket;
    };
    instructor = {
      labs: await open('', setup.instructor.token),
      quiz: await open('/quiz', setup.instructor.token),
    };
    student = {
      labs: await open('', setup.students[0].token),
      quiz: await open('/quiz', setup.students[0].token),
    };
  });
  afterAll(async () => {
    sockets.forEach((socket) => socket.close());
    await server?.close();
  });

  /** The same fault on each namespace: [labs event, quiz event, payload]. */
  const both = () => [
    { name: 'labs', socket: student.labs, join: 'lab:join', joinPayload: { labId } },
    { name: 'quiz', socket: student.quiz, join: 'quiz:join', joinPayload: { quizId } },
  ];

  test('a handshake without a token is refused UNAUTHORIZED on both namespaces', async () => {
    for (const path of ['', '/quiz']) {
      const error = await refusedConnection(`${server.url}${path}`, undefined);
      expect(error.message).toBe('UNAUTHORIZED');
      expect(error.data).toEqual({ code: 'UNAUTHORIZED', reason: REFUSALS.UNAUTHORIZED.reason });
    }
  });

  test('an unknown event: UNKNOWN_EVENT with the same reason on both, and a warning in the log', async () => {
    logs.clear();
    const acks = await Promise.all(both().map(({ socket }) => socket.request('lab:fly', {})));
    expect(acks[0]).toEqual(acks[1]);
    expect(acks[0]).toEqual({ ok: false, code: 'UNKNOWN_EVENT', reason: REFUSALS.UNKNOWN_EVENT.reason });
    expect(
      logs.lines.filter((line) => line.level === 40 && /unknown event/.test(line.msg ?? '')),
    ).toHaveLength(2);
  });

  test('a payload over 4 kB: PAYLOAD_TOO_LARGE on both', async () => {
    for (const { socket, join, joinPayload } of both()) {
      const ack = await socket.request(join, { ...joinPayload, padding: 'x'.repeat(5000) });
      expect(ack).toMatchObject({ ok: false, code: 'PAYLOAD_TOO_LARGE' });
      expect(ack.reason!.zh).toMatch(/4096 字节/);
    }
  });

  test('a malformed payload: VALIDATION_FAILED naming the field, in English and real Chinese, on both', async () => {
    const labs = await student.labs.request('lab:join', { labId: 42 });
    const quiz = await student.quiz.request('quiz:join', { quizId: 42 });
    for (const [ack, field] of [
      [labs, 'labId'],
      [quiz, 'quizId'],
    ] as const) {
      expect(ack).toMatchObject({ ok: false, code: 'VALIDATION_FAILED', field });
      expect(ack.reason!.en).toBe(`The request is not valid. ${field}: expected a string`);
      expect(ack.reason!.zh).toBe(`请求内容不符合要求。${field}：应为字符串`);
    }
    const missing = await student.quiz.request('quiz:answer', { quizId, runId: 'r', move: {} });
    expect(missing).toMatchObject({ code: 'VALIDATION_FAILED', field: 'moveId' });
    expect(missing.reason!.zh).toMatch(/moveId：缺少此字段/);
    const extra = await student.labs.request('lab:join', { labId, extra: 1 });
    expect(extra).toMatchObject({ code: 'VALIDATION_FAILED', field: 'extra' });
    expect(extra.reason!.zh).toMatch(/未知字段/);
  });

  test('an event of the other kind of principal: FORBIDDEN on both', async () => {
    expect(await instructor.labs.request('lab:move', { labId, moveId: 'i1', move: {} })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
      reason: { en: expect.stringMatching(/Only students move/), zh: expect.stringMatching(/只有学生/) },
    });
    expect(await instructor.quiz.request('quiz:join', {})).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
      reason: { zh: expect.stringMatching(/quiz:watch/) },
    });
    expect(await student.labs.request('class:watch', { classroomId })).toMatchObject({ code: 'FORBIDDEN' });
    expect(await student.quiz.request('quiz:watch', { quizId })).toMatchObject({ code: 'FORBIDDEN' });
  });

  test('an unexpected error is logged with its stack and answered INTERNAL_ERROR on both', async () => {
    logs.clear();
    // The only stand-in in this file: a service failing for a reason no input explains (the database gone).
    const labs = jest
      .spyOn(server.app.get(LabsService), 'authorize')
      .mockRejectedValueOnce(new Error('disk on fire'));
    const quiz = jest
      .spyOn(server.app.get(QuizService), 'studentQuiz')
      .mockRejectedValueOnce(new Error('disk on fire'));
    try {
      for (const { socket, join, joinPayload } of both()) {
        expect(await socket.request(join, joinPayload)).toEqual({
          ok: false,
          code: 'INTERNAL_ERROR',
          reason: REFUSALS.INTERNAL_ERROR.reason,
        });
      }
    } finally {
      labs.mockRestore();
      quiz.mockRestore();
    }
    const errors = logs.errors().map((line) => String(line.msg));
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/seat .*"lab:join" failed: Error: disk on fire\n\s+at /);
    expect(errors[1]).toMatch(/seat .*"quiz:join" failed: Error: disk on fire\n\s+at /);
  });

  test('a flood: RATE_LIMITED on both, each socket with its own bucket, logged once', async () => {
    logs.clear();
    for (const { socket, join, joinPayload } of both()) {
      const acks = await Promise.all(Array.from({ length: 40 }, () => socket.request(join, joinPayload)));
      const limited = acks.filter((ack) => ack.code === 'RATE_LIMITED');
      expect(limited.length).toBeGreaterThan(0);
      expect(limited[0].reason).toEqual(REFUSALS.RATE_LIMITED.reason);
      expect(acks.filter((ack) => ack.ok).length).toBeGreaterThan(0);
    }
    expect(logs.lines.filter((line) => /is flooding/.test(line.msg ?? ''))).toHaveLength(2);
  });
});

describe('the refusal registry', () => {
  test.each(Object.entries(REFUSALS))(
    '%s has a reason in English and in real Chinese',
    (_code, { reason }) => {
      expect(reason.en).toMatch(/^[A-Z].*\.$/);
      expect(reason.zh).toMatch(CJK);
      // Not English with a Chinese prefix: the Chinese text has no English sentence in it.
      expect(reason.zh).not.toMatch(/[A-Za-z]{4,} [A-Za-z]{3,}/);
    },
  );

  test('a refusal reads the same over HTTP and sockets: FORBIDDEN from the registry on both', async () => {
    const server = await startTestServer();
    try {
      const mine = await setUpClassroom(server.url, ['Ann']);
      const other = await setUpClassroom(server.url, ['Olga']);
      const [lab] = await pairAndStart(server.url, other.instructor.token, other.classroom.id, {
        strategy: 'manual',
        pairs: [{ client: other.students[0].seat.id, server: null }],
      });
      const overHttp = await http(server.url, 'GET', `/api/labs/${lab.id}`, {
        token: mine.students[0].token,
      });
      const socket = await connectSocket(server.url, mine.students[0].token);
      const overSocket = await socket.request('lab:join', { labId: lab.id });
      socket.close();
      expect(overHttp.status).toBe(REFUSALS.FORBIDDEN.status);
      expect(overHttp.body.error).toEqual({ code: 'FORBIDDEN', message: REFUSALS.FORBIDDEN.reason });
      expect(overSocket).toEqual({ ok: false, code: 'FORBIDDEN', reason: REFUSALS.FORBIDDEN.reason });
    } finally {
      await server.close();
    }
  });
});
