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
