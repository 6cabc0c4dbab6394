import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { applyMigrations, MIGRATIONS_DIR, readMigrations } from '../src/database/migrations';
import { migratePostgres } from '../src/database/postgres-migrations';
import { createTestDatabase, TestDatabase } from './support';

const run = promisify(execFile);
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** `npm run db:migrate` / `db:status`: the Prisma CLI through the offline wrapper. */
async function prismaCli(command: 'deploy' | 'status', databaseUrl: string) {
  return run(process.execPath, [path.join(REPO_ROOT, 'prisma', 'cli.js'), 'migrate', command], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_URL: databaseUrl },
  });
}

async function migrationRows(url: string): Promise<Array<{ migration_name: string }>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query('SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name'))
      .rows;
  } finally {
    await client.end();
  }
}

// The Prisma CLI's WebAssembly engine needs a few seconds per command (more on a busy machine).
jest.setTimeout(120_000);

/**
 * The server applies prisma/migrations itself at start; `npm run db:migrate` applies them with Prisma's CLI.
 * Both must accept every migration and agree on what has been applied.
 */
describe('migrations: the server and the Prisma CLI agree', () => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const database of databases) await database.drop();
  });

  /** A database with nothing in it (createTestDatabase migrates; start again from an empty schema). */
  async function emptyDatabase(): Promise<string> {
    const database = await createTestDatabase('tcplab_test_mig');
    databases.push(database);
    const client = new Client({ connectionString: database.url });
    await client.connect();
    await client.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
    await client.end();
    return database.url;
  }

  test('no migration uses a dollar-quoted block or a semicolon inside a comment (prisma migrate deploy splits at semicolons)', () => {
    for (const migration of readMigrations()) {
      expect({ name: migration.name, dollarQuoted: /\$\$/.test(migration.sql) }).toEqual({
        name: migration.name,
        dollarQuoted: false,
      });
      const commentsWithSemicolons = migration.sql.split('\n').filter((line) => /--.*;/.test(line));
      expect({ name: migration.name, commentsWithSemicolons }).toEqual({
        name: migration.name,
        commentsWithSemicolons: [],
      });
    }
  });

  test('prisma migrate deploy applies every migration to an empty database, and the server then finds nothing to do', async () => {
    const url = await emptyDatabase();
    await prismaCli('deploy', url);
    expect((await migrationRows(url)).map((row) => row.migration_name)).toEqual(
      readMigrations().map((m) => m.name),
    );
    expect(await migratePostgres(url)).toEqual({ applied: [], modified: [] });
  });

  test('after the server migrated a database, prisma migrate status says it is up to date', async () => {
    const url = await emptyDatabase();
    const report = await migratePostgres(url);
    expect(report.applied).toEqual(readMigrations().map((m) => m.name));
    const status = await prismaCli('status', url);
    expect(status.stdout).toContain('Database schema is up to date');
  });

  test('two servers starting at once apply each migration exactly once (advisory lock)', async () => {
    const url = await emptyDatabase();
    const [first, second] = await Promise.all([
      migratePostgres(url, { lock: true }),
      migratePostgres(url, { lock: true }),
    ]);
    expect([...first.applied, ...second.applied].sort()).toEqual(readMigrations().map((m) => m.name));
    expect((await migrationRows(url)).length).toBe(readMigrations().length);
  });

  test('a migration edited after it was applied is reported, not re-run and not fatal (as prisma migrate deploy does)', async () => {
    const url = await emptyDatabase();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcplab-migrations-'));
    try {
      fs.cpSync(MIGRATIONS_DIR, dir, { recursive: true });
      const client = new Client({ connectionString: url });
      await client.connect();
      const db = {
        query: (sql: string, params?: unknown[]) => client.query(sql, params),
        exec: (sql: string) => client.query(sql),
      };
      try {
        await applyMigrations(db as never, { dir });
        const first = readMigrations(dir)[0];
        fs.appendFileSync(path.join(dir, first.name, 'migration.sql'), '\n-- edited later\n');
        expect(await applyMigrations(db as never, { dir })).toEqual({ applied: [], modified: [first.name] });
      } finally {
        await client.end();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
