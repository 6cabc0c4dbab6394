import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, http, spawnServer, SpawnedServer } from './support';

/**
 * With no DATABASE_URL the server runs its own embedded Postgres (PGlite) in EMBEDDED_DB_DIR: a fresh clone
 * works with nothing but Node, and what was saved is still there after a restart.
 * The server runs as a real separate process here (PGlite loads its WebAssembly with a dynamic import, which
 * Jest's module sandbox does not allow), exactly as `npm start` runs it.
 */
// Each start of the server process costs several seconds (initdb of a fresh PGlite folder: ~10 s on a busy machine).
jest.setTimeout(180_000);

describe('embedded database (no DATABASE_URL)', () => {
  let dataDir: string;
  let server!: SpawnedServer;

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcplab-embedded-'));
  });
  // The tests run in order on one data folder and hand the running server on (each start costs seconds).
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const start = async () =>
    spawnServer({ port: await freePort(), env: { EMBEDDED_DB_DIR: dataDir }, timeoutMs: 120_000 });

  test('starts on an empty folder, migrates it and reports database "embedded"', async () => {
    server = await start();
    const health = await http(server.url, 'GET', '/api/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', database: 'embedded' });
    expect(fs.readdirSync(dataDir).length).toBeGreaterThan(0);
  });

  test('a second server on the same folder refuses to start instead of corrupting it', async () => {
    await expect(
      spawnServer({ port: await freePort(), env: { EMBEDDED_DB_DIR: dataDir }, timeoutMs: 120_000 }),
    ).rejects.toThrow(/in use by another server \(pid \d+\)/);
    expect((await http(server.url, 'GET', '/api/health')).status).toBe(200);
  });

  test('an instructor registered before a restart can log in after it, with the same classroom', async () => {
    const email = 'embedded.teacher@school.example';
    const register = await http(server.url, 'POST', '/api/auth/register', {
      body: { email, name: 'Teacher Sun', password: 'survives-restart' },
    });
    expect(register.status).toBe(201);
    const classroom = await http(server.url, 'POST', '/api/classrooms', {
      token: register.body.token,
      body: { name: 'Persistent class' },
    });
    expect(classroom.status).toBe(201);
    await server.stop();

    server = await start();
    const login = await http(server.url, 'POST', '/api/auth/login', {
      body: { email, password: 'survives-restart' },
    });
    expect(login.status).toBe(200);
    expect(login.body.instructor.id).toBe(register.body.instructor.id);
    const list = await http(server.url, 'GET', '/api/classrooms', { token: login.body.token });
    expect(list.body).toEqual([
      expect.objectContaining({
        id: classroom.body.id,
        name: 'Persistent class',
        joinCode: classroom.body.joinCode,
      }),
    ]);
  });

  test('a seat written just before the process is killed (SIGKILL) is there after the restart', async () => {
    const teacher = await http(server.url, 'POST', '/api/auth/login', {
      body: { email: 'embedded.teacher@school.example', password: 'survives-restart' },
    });
    const [classroom] = (await http(server.url, 'GET', '/api/classrooms', { token: teacher.body.token }))
      .body;
    const joined = await http(server.url, 'POST', '/api/join', {
      body: { joinCode: classroom.joinCode, displayName: 'Crash test' },
    });
    expect(joined.status).toBe(201);
    await server.kill();

    server = await start();
    const me = await http(server.url, 'GET', '/api/seats/me', { token: joined.body.token });
    expect(me.status).toBe(200);
    expect(me.body.seat).toEqual(joined.body.seat);
  });

  test('one connection at a time still serves concurrent requests (pool of 1)', async () => {
    const teacher = await http(server.url, 'POST', '/api/auth/register', {
      body: { email: 'concurrent@school.example', name: 'Teacher Qian', password: 'many-at-once' },
    });
    const classroom = await http(server.url, 'POST', '/api/classrooms', {
      token: teacher.body.token,
      body: { name: 'Busy class' },
    });
    const joins = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        http(server.url, 'POST', '/api/join', {
          body: { joinCode: classroom.body.joinCode, displayName: `Student ${i}` },
        }),
      ),
    );
    expect(joins.map((j) => j.status)).toEqual(Array(20).fill(201));
    const detail = await http(server.url, 'GET', `/api/classrooms/${classroom.body.id}`, {
      token: teacher.body.token,
    });
    expect(detail.body.seats).toHaveLength(20);
  });
});
