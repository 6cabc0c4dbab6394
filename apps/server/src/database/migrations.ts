import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../config/app-config';

/** prisma/migrations: Prisma's own layout, one folder per migration with its migration.sql. */
export const MIGRATIONS_DIR = path.join(REPO_ROOT, 'prisma', 'migrations');

/** The little a migration needs from a database: a pg Client and a PGlite instance both have it. */
export interface SqlRunner {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: Row[] }>;
  /** runs a script of several statements */
  exec(sql: string): Promise<unknown>;
}

export interface Migration {
  name: string;
  sql: string;
  /** sha256 of the file, as Prisma computes it, so `prisma migrate status/deploy` agree with us */
  checksum: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(dir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const bytes = fs.readFileSync(path.join(dir, name, 'migration.sql'));
      return {
        name,
        sql: bytes.toString('utf8'),
        checksum: createHash('sha256').update(bytes).digest('hex'),
      };
    });
}

// The table `prisma migrate deploy` keeps; we create and fill it exactly the same way.
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

// Any constant works; it only has to be the same for every server applying migrations to one database.
const MIGRATION_LOCK_KEY = 7207_1995;

/**
 * Applies the pending migrations in name order, each in its own transaction, recorded in _prisma_migrations.
 * The same thing `prisma migrate deploy` does (npm run db:migrate), in-process: the Prisma CLI's
 * WebAssembly engine needs 2-5 s per command, too slow for every test database and every start of the
 * embedded database, and a server should not have to spawn a CLI to start.
 * Like `prisma migrate deploy`, it does not refuse a migration that was edited after it was applied: it reports
 * it in `modified` (the server logs a warning), since an edit never re-runs on databases that already have it.
 */
export interface MigrationReport {
  /** names of the migrations applied now */
  applied: string[];
  /** names of migrations already applied whose file has changed since */
  modified: string[];
}

export async function applyMigrations(
  db: SqlRunner,
  options: { lock?: boolean; dir?: string } = {},
): Promise<MigrationReport> {
  const migrations = readMigrations(options.dir);
  // Two servers starting at once against one Postgres must not both apply the same migration.
  if (options.lock) await db.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
  try {
    await db.exec(CREATE_MIGRATIONS_TABLE);
    const { rows } = await db.query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      rolled_back_at: Date | null;
    }>('SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"');
    const applied = new Map(
      rows.filter((r) => r.finished_at && !r.rolled_back_at).map((r) => [r.migration_name, r.checksum]),
    );
    const failed = rows.find((r) => !r.finished_at && !r.rolled_back_at);
    if (failed) {
      throw new Error(
        `Migration ${failed.migration_name} failed earlier; resolve it (prisma migrate resolve) before starting`,
      );
    }
    const report: MigrationReport = { applied: [], modified: [] };
    for (const migration of migrations) {
      const checksum = applied.get(migration.name);
      if (checksum !== undefined) {
        if (checksum !== migration.checksum) {
          report.modified.push(migration.name);
        }
        continue;
      }
      const id = randomUUID();
      await db.exec('BEGIN');
      try {
        await db.query(
          'INSERT INTO "_prisma_migrations" (id, checksum, migration_name) VALUES ($1, $2, $3)',
          [id, migration.checksum, migration.name],
        );
        await db.exec(migration.sql);
        await db.query(
          'UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1',
          [id],
        );
        await db.exec('COMMIT');
      } catch (error) {
        await db.exec('ROLLBACK');
        throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`);
      }
      report.applied.push(migration.name);
    }
    return report;
  } finally {
    if (options.lock) await db.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
  }
}
