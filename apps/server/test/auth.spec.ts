import { JwtService } from '@nestjs/jwt';
import { SocketAuthService } from '../src/auth/socket-auth.service';
import { ApiError } from '../src/common/api-error';
import {
  createClassroom,
  http,
  joinStudent,
  registerInstructor,
  startTestServer,
  TestServer,
} from './support';

describe('instructor accounts and tokens (real HTTP, real Postgres)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  const countInstructors = () => server.prisma.instructor.count();

  test('register answers 201 with a token that opens /api/auth/me', async () => {
    const before = await countInstructors();
    const register = await http(server.url, 'POST', '/api/auth/register', {
      body: { email: '  Wang.Fang@School.example ', name: 'Wang Fang', password: 'handshake-2026' },
    });
    expect(register.status).toBe(201);
    expect(register.body).toEqual({
      token: expect.any(String),
      instructor: { id: expect.any(String), email: 'wang.fang@school.example', name: 'Wang Fang' },
    });
    expect(await countInstructors()).toBe(before + 1);

    const me = await http(server.url, 'GET', '/api/auth/me', { token: register.body.token });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ instructor: register.body.instructor });
  });

  test('the password is stored only as an argon2id hash', async () => {
    const teacher = await registerInstructor(server.url);
    const row = await server.prisma.instructor.findUniqueOrThrow({ where: { id: teacher.instructor.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain(teacher.password);
  });

  test('registering the same email twice answers 409 CONFLICT and writes nothing', async () => {
    const teacher = await registerInstructor(server.url);
    const before = await countInstructors();
    const again = await http(server.url, 'POST', '/api/auth/register', {
      body: {
        email: teacher.instructor.email.toUpperCase(),
        name: 'Someone else',
        password: 'another-password',
      },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CONFLICT');
    expect(again.body.error.message).toEqual({ en: expect.any(String), zh: expect.any(String) });
    expect(await countInstructors()).toBe(before);
  });

  test('login with the right password answers 200 and a working token; email case does not matter', async () => {
    const teacher = await registerInstructor(server.url);
    const login = await http(server.url, 'POST', '/api/auth/login', {
      body: { email: teacher.instructor.email.toUpperCase(), password: teacher.password },
    });
    expect(login.status).toBe(200);
    expect(login.body.instructor).toEqual(teacher.instructor);
    const me = await http(server.url, 'GET', '/api/auth/me', { token: login.body.token });
    expect(me.body.instructor.id).toBe(teacher.instructor.id);
  });

  test('login with a wrong password answers 401 UNAUTHORIZED and no token', async () => {
    const teacher = await registerInstructor(server.url);
    const login = await http(server.url, 'POST', '/api/auth/login', {
      body: { email: teacher.instructor.email, password: 'not-the-password' },
    });
    expect(login.status).toBe(401);
    expect(login.body).toEqual({
      error: {
        code: 'UNAUTHORIZED',
        message: { en: expect.stringMatching(/password/), zh: expect.any(String) },
      },
    });
    expect(login.body.token).toBeUndefined();
  });

  test('login with an unknown email answers the same 401 UNAUTHORIZED', async () => {
    const login = await http(server.url, 'POST', '/api/auth/login', {
      body: { email: 'nobody@school.example', password: 'whatever-password' },
    });
    expect(login.status).toBe(401);
    expect(login.body.error.code).toBe('UNAUTHORIZED');
  });

  test('an expired instructor token answers 401 TOKEN_EXPIRED', async () => {
    const teacher = await registerInstructor(server.url);
    const expired = await server.app
      .get(JwtService)
      .signAsync({ kind: 'instructor', sub: teacher.instructor.id, exp: Math.floor(Date.now() / 1000) - 60 });
    const me = await http(server.url, 'GET', '/api/auth/me', { token: expired });
    expect(me.status).toBe(401);
    expect(me.body.error.code).toBe('TOKEN_EXPIRED');
  });

  test('a token signed with another secret answers 401 UNAUTHORIZED', async () => {
    const teacher = await registerInstructor(server.url);
    const forged = await new JwtService({ secret: 'not-the-server-secret-at-all' }).signAsync(
      { kind: 'instructor', sub: teacher.instructor.id },
      { expiresIn: 3600 },
    );
    const me = await http(server.url, 'GET', '/api/auth/me', { token: forged });
    expect(me.status).toBe(401);
    expect(me.body.error.code).toBe('UNAUTHORIZED');
  });

  test('a token with an edited payload (signature no longer matches) answers 401 UNAUTHORIZED', async () => {
    const teacher = await registerInstructor(server.url);
    const other = await registerInstructor(server.url);
    const [header, , signature] = teacher.token.split('.');
    const payload = Buffer.from(
      JSON.stringify({ kind: 'instructor', sub: other.instructor.id, exp: 9999999999 }),
    ).toString('base64url');
    const me = await http(server.url, 'GET', '/api/auth/me', { token: `${header}.${payload}.${signature}` });
    expect(me.status).toBe(401);
    expect(me.body.error.code).toBe('UNAUTHORIZED');
  });

  test('no token, a malformed token, or a non-Bearer header answer 401 UNAUTHORIZED', async () => {
    expect((await http(server.url, 'GET', '/api/auth/me')).body.error.code).toBe('UNAUTHORIZED');
    expect((await http(server.url, 'GET', '/api/auth/me', { token: 'not.a.jwt' })).body.error.code).toBe(
      'UNAUTHORIZED',
    );
    const basic = await http(server.url, 'GET', '/api/auth/me', {
      headers: { authorization: 'Basic dXNlcjpwYXNz' },
    });
    expect(basic.status).toBe(401);
  });

  test('a seat token cannot open instructor routes (403 FORBIDDEN)', async () => {
    const teacher = await registerInstructor(server.url);
    const classroom = await createClassroom(server.url, teacher.token);
    const student = await joinStudent(server.url, classroom.joinCode, 'Alice');
    const me = await http(server.url, 'GET', '/api/auth/me', { token: student.token });
    expect(me.status).toBe(403);
    expect(me.body.error.code).toBe('FORBIDDEN');
  });

  describe('SocketAuthService (used by the socket.io handshake)', () => {
    test('turns instructor and seat tokens into principals', async () => {
      const auth = server.app.get(SocketAuthService);
      const teacher = await registerInstructor(server.url, 'Teacher Zhao');
      const classroom = await createClassroom(server.url, teacher.token);
      const student = await joinStudent(server.url, classroom.joinCode, 'Bob');
      await expect(auth.authenticate(teacher.token)).resolves.toEqual({
        kind: 'instructor',
        instructorId: teacher.instructor.id,
        name: 'Teacher Zhao',
      });
      await expect(auth.authenticate(student.token)).resolves.toEqual({
        kind: 'seat',
        seatId: student.seat.id,
        classroomId: classroom.id,
        displayName: 'Bob',
      });
    });

    test('rejects missing, forged and expired tokens with their codes', async () => {
      const auth = server.app.get(SocketAuthService);
      const teacher = await registerInstructor(server.url);
      const codeOf = (token: string | undefined) =>
        auth.authenticate(token).then(
          () => 'accepted',
          (error: ApiError) => error.code,
        );
      expect(await codeOf(undefined)).toBe('UNAUTHORIZED');
      expect(await codeOf('garbage')).toBe('UNAUTHORIZED');
      const forged = await new JwtService({ secret: 'another-secret-entirely' }).signAsync({
        kind: 'instructor',
        sub: teacher.instructor.id,
      });
      expect(await codeOf(forged)).toBe('UNAUTHORIZED');
      const expired = await server.app
        .get(JwtService)
        .signAsync({ kind: 'instructor', sub: teacher.instructor.id, exp: 1 });
      expect(await codeOf(expired)).toBe('TOKEN_EXPIRED');
    });

    test('rejects a genuine token whose instructor no longer exists', async () => {
      const auth = server.app.get(SocketAuthService);
      const ghost = await server.app
        .get(JwtService)
        .signAsync({ kind: 'instructor', sub: '00000000-0000-4000-8000-000000000000' }, { expiresIn: 60 });
      await expect(auth.authenticate(ghost)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    });
  });
});
