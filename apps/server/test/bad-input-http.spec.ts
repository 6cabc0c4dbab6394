import { createClassroom, http, registerInstructor, startTestServer, TestServer } from './support';

/** Every bad request gets a clear, stable code in the contract's error shape, and writes nothing. */
describe('bad input over HTTP', () => {
  let server: TestServer;
  let teacherToken: string;
  beforeAll(async () => {
    server = await startTestServer();
    teacherToken = (await registerInstructor(server.url)).token;
  });
  afterAll(async () => {
    await server?.close();
  });

  const rowCounts = async () => ({
    instructors: await server.prisma.instructor.count(),
    classrooms: await server.prisma.classroom.count(),
    seats: await server.prisma.seat.count(),
  });

  /** Sends the request and checks the answer's status and code, and that no row was written. */
  async function expectRejected(
    request: { method: string; path: string; body?: unknown; rawBody?: string; token?: string },
    status: number,
    code: string,
  ) {
    const before = await rowCounts();
    const result = await http(server.url, request.method, request.path, request);
    expect({ status: result.status, code: result.body?.error?.code }).toEqual({ status, code });
    expect(result.body.error.message).toEqual({ en: expect.any(String), zh: expect.any(String) });
    expect(JSON.stringify(result.body)).not.toMatch(/\bat .+\.(ts|js):\d+/); // never a stack trace
    expect(await rowCounts()).toEqual(before);
    return result;
  }

  test('register without a password: 400 VALIDATION_FAILED naming the field', async () => {
    const result = await expectRejected(
      { method: 'POST', path: '/api/auth/register', body: { email: 'a@school.example', name: 'A' } },
      400,
      'VALIDATION_FAILED',
    );
    expect(result.body.error.details).toEqual([expect.objectContaining({ path: 'password' })]);
  });

  test('register with a short password, a bad email and a number as name: 400 listing all three', async () => {
    const result = await expectRejected(
      {
        method: 'POST',
        path: '/api/auth/register',
        body: { email: 'not-an-email', name: 42, password: 'short' },
      },
      400,
      'VALIDATION_FAILED',
    );
    expect(result.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'email',
      'name',
      'password',
    ]);
  });

  test('a password longer than 200 characters: 400 VALIDATION_FAILED', async () => {
    await expectRejected(
      {
        method: 'POST',
        path: '/api/auth/register',
        body: { email: 'long@school.example', name: 'Long', password: 'x'.repeat(201) },
      },
      400,
      'VALIDATION_FAILED',
    );
  });

  test('a body that is not JSON: 400 VALIDATION_FAILED that says so', async () => {
    const result = await expectRejected(
      { method: 'POST', path: '/api/auth/login', rawBody: '{"email": "a@b.c", ' },
      400,
      'VALIDATION_FAILED',
    );
    expect(result.body.error.message).toEqual({
      en: 'The request body is not valid JSON.',
      zh: '请求内容不是有效的 JSON。',
    });
  });

  test('a JSON array instead of an object: 400 VALIDATION_FAILED', async () => {
    await expectRejected(
      { method: 'POST', path: '/api/join', rawBody: '["ABC234", "Alice"]' },
      400,
      'VALIDATION_FAILED',
    );
  });

  test('a classroom without a name, or a blank one: 400 VALIDATION_FAILED', async () => {
    await expectRejected(
      { method: 'POST', path: '/api/classrooms', token: teacherToken, body: {} },
      400,
      'VALIDATION_FAILED',
    );
    await expectRejected(
      { method: 'POST', path: '/api/classrooms', token: teacherToken, body: { name: '   ' } },
      400,
      'VALIDATION_FAILED',
    );
  });

  test('join with a display name of 41 characters or an empty one: 400 VALIDATION_FAILED', async () => {
    const classroom = await createClassroom(server.url, teacherToken);
    await expectRejected(
      {
        method: 'POST',
        path: '/api/join',
        body: { joinCode: classroom.joinCode, displayName: 'x'.repeat(41) },
      },
      400,
      'VALIDATION_FAILED',
    );
    await expectRejected(
      { method: 'POST', path: '/api/join', body: { joinCode: classroom.joinCode, displayName: '' } },
      400,
      'VALIDATION_FAILED',
    );
    await expectRejected(
      { method: 'POST', path: '/api/join', body: { joinCode: 123456, displayName: 'Alice' } },
      400,
      'VALIDATION_FAILED',
    );
  });

  test('join with an unknown code: 404 NOT_FOUND with a reason in both languages', async () => {
    const result = await expectRejected(
      { method: 'POST', path: '/api/join', body: { joinCode: 'ZZZZZ9', displayName: 'Alice' } },
      404,
      'NOT_FOUND',
    );
    expect(result.body.error.message.en).toMatch(/join code/i);
    expect(result.body.error.message.zh).toMatch(/加入码/);
  });

  test('a body over 64 kB: 413 PAYLOAD_TOO_LARGE', async () => {
    await expectRejected(
      { method: 'POST', path: '/api/classrooms', token: teacherToken, body: { name: 'x'.repeat(70 * 1024) } },
      413,
      'PAYLOAD_TOO_LARGE',
    );
  });
});

describe('rate limits over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ config: { authRateLimitPerMinute: 3, joinRateLimitPerMinute: 2 } });
  });
  afterAll(async () => {
    await server?.close();
  });

  test('the 4th login within a minute from one address: 429 RATE_LIMITED', async () => {
    const teacher = await registerInstructor(server.url);
    const login = () =>
      http(server.url, 'POST', '/api/auth/login', {
        body: { email: teacher.instructor.email, password: teacher.password },
      });
    for (let i = 0; i < 3; i++) expect((await login()).status).toBe(200);
    const limited = await login();
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(limited.body.error.message).toEqual({ en: expect.any(String), zh: expect.any(String) });
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  test('join has its own limit; after it, no seat is written', async () => {
    const teacher = await registerInstructor(server.url);
    const classroom = await createClassroom(server.url, teacher.token);
    const join = (name: string) =>
      http(server.url, 'POST', '/api/join', { body: { joinCode: classroom.joinCode, displayName: name } });
    expect((await join('Alice')).status).toBe(201);
    expect((await join('Bob')).status).toBe(201);
    const seatsBefore = await server.prisma.seat.count();
    const limited = await join('Carol');
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(await server.prisma.seat.count()).toBe(seatsBefore);
  });

  test('routes without their own limit are not affected by the login limit', async () => {
    const health = await http(server.url, 'GET', '/api/health');
    expect(health.status).toBe(200);
  });
});
