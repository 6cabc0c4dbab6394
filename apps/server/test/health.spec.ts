import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadAppConfig } from '../src/config/app-config';
import { http, startTestServer, TestServer } from './support';

describe('health and API basics against real Postgres', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  test('GET /api/health reports ok, the postgres database and the version', async () => {
    const result = await http(server.url, 'GET', '/api/health');
    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      status: 'ok',
      database: 'postgres',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
    });
  });

  test('the migrations are recorded in the _prisma_migrations table as prisma migrate deploy would', async () => {
    const rows = await server.prisma.$queryRaw<Array<{ migration_name: string; finished_at: Date | null }>>`
      SELECT migration_name, finished_at FROM "_prisma_migrations" ORDER BY migration_name`;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0].migration_name).toMatch(/_init$/);
    expect(rows.every((row) => row.finished_at !== null)).toBe(true);
  });

  test('an unknown /api route answers 404 NOT_FOUND in the error shape', async () => {
    const result = await http(server.url, 'GET', '/api/no-such-thing');
    expect(result.status).toBe(404);
    expect(result.body).toEqual({
      error: { code: 'NOT_FOUND', message: { en: expect.any(String), zh: expect.any(String) } },
    });
  });

  test('the OpenAPI document lists the platform routes', async () => {
    const result = await http(server.url, 'GET', '/api/docs-json');
    expect(result.status).toBe(200);
    expect(result.body.openapi).toMatch(/^3\./);
    for (const route of [
      '/api/health',
      '/api/auth/register',
      '/api/auth/login',
      '/api/classrooms',
      '/api/classrooms/{id}',
      '/api/join',
      '/api/seats/me',
    ]) {
      expect(Object.keys(result.body.paths)).toContain(route);
    }
    expect(
      result.body.paths['/api/auth/register'].post.requestBody.content['application/json'].schema.required,
    ).toEqual(expect.arrayContaining(['email', 'name', 'password']));
  });

  test('the OpenAPI UI is served at /api/docs', async () => {
    const response = await fetch(`${server.url}/api/docs`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('swagger');
  });
});

describe('the built web app is served at / with a single-page-app fallback', () => {
  let server: TestServer;
  let webDist: string;
  beforeAll(async () => {
    webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'tcplab-web-'));
    fs.writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><title>TCP Connection Lab</title>');
    fs.mkdirSync(path.join(webDist, 'assets'));
    fs.writeFileSync(path.join(webDist, 'assets', 'app.js'), 'console.log("lab")');
    server = await startTestServer({ config: { webDist } });
  });
  afterAll(async () => {
    await server?.close();
    fs.rmSync(webDist, { recursive: true, force: true });
  });

  test('/ and client-side routes such as /lab/123 get index.html', async () => {
    for (const route of ['/', '/lab/123', '/teacher/classes/abc']) {
      const response = await fetch(server.url + route);
      expect({ route, status: response.status, type: response.headers.get('content-type') }).toEqual({
        route,
        status: 200,
        type: expect.stringContaining('text/html'),
      });
      expect(await response.text()).toContain('TCP Connection Lab');
    }
  });

  test('files of the build are served as they are', async () => {
    const response = await fetch(`${server.url}/assets/app.js`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('console.log("lab")');
  });

  test('/api and /socket.io paths never fall back to index.html', async () => {
    const api = await http(server.url, 'GET', '/api/not-a-route');
    expect(api.status).toBe(404);
    expect(api.body.error.code).toBe('NOT_FOUND');
    const socket = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`);
    expect(await socket.text()).not.toContain('TCP Connection Lab');
  });
});

describe('configuration from the environment', () => {
  test('defaults: port 3000, embedded database, real-time labs, dev secret flagged', () => {
    const config = loadAppConfig({});
    expect(config).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      labTimeScale: 1,
      jwtSecretIsDefault: true,
      migrateOnStart: true,
      bodyLimitBytes: 64 * 1024,
    });
    expect(config.embeddedDbDir).toMatch(/data[/\\]pglite$/);
    expect(config.webDist).toMatch(/apps[/\\]web[/\\]dist$/);
  });

  test('values are parsed and typed; an empty DATABASE_URL means the embedded database', () => {
    const config = loadAppConfig({
      PORT: '8080',
      LAB_TIME_SCALE: '20',
      DATABASE_URL: '',
      MIGRATE_ON_START: 'false',
    });
    expect(config).toMatchObject({
      port: 8080,
      labTimeScale: 20,
      databaseUrl: undefined,
      migrateOnStart: false,
    });
  });

  test('a bad value stops the start with a message naming the variable', () => {
    expect(() => loadAppConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadAppConfig({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET/);
    expect(() => loadAppConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
    expect(() => loadAppConfig({ DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL/);
  });
});
