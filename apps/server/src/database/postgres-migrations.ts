import { Client } from 'pg';
import { applyMigrations, MigrationReport } from './migrations';

/** Applies pending migrations to a Postgres server (real or the embedded one) over one short-lived connection. */
export async function migratePostgres(
  connectionString: string,
  options: { lock?: boolean } = {},
): Promise<MigrationReport> {
  const client = new Client({ connectionString });
  await client.connect();
  try {
    return await applyMigrations(
      {
        query: async (sql, params) => client.query(sql, params as unknown[]) as never,
        exec: (sql) => client.query(sql),
      },
      options,
    );
  } finally {
    await client.end();
  }
}
