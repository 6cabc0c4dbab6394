import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { migratePostgres } from '../../src/database/postgres-migrations';

export interface TestDatabase {
  /** connection string of the fresh, migrated database */
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** The server that test databases are created on (trust auth, user postgres; see brief-common.md). */
export function adminDatabaseUrl(): string {
  if (process.env.TEST_ADMIN_DATABASE_URL) return process.env.TEST_ADMIN_DATABASE_URL;
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = '/postgres';
    return url.toString();
  }
  return 'postgresql://postgres@127.0.0.1:5432/postgres';
}

async function withAdmin<T>(run: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: adminDatabaseUrl() });
  await admin.connect();
  try {
    return await run(admin);
  } finally {
    await admin.end();
  }
}

/** A brand-new Postgres database with every migration applied; `drop()` removes it. */
export async function createTestDatabase(prefix = 'tcplab_test'): Promise<TestDatabase> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`.toLowerCase();
  await withAdmin((admin) => admin.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminDatabaseUrl());
  url.pathname = `/${name}`;
  try {
    await migratePostgres(url.toString());
  } catch (error) {
    await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    throw error;
  }
  return {
    url: url.toString(),
    name,
    drop: () =>
      withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}
