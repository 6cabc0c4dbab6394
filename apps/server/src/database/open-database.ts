import type { AppConfig } from '../config/app-config';
import { DatabaseConnection } from './database-connection';
import { EmbeddedPostgres } from './embedded-postgres';
import type { MigrationReport } from './migrations';
import { migratePostgres } from './postgres-migrations';

const NOT_MIGRATED: MigrationReport = { applied: [], modified: [] };

/**
 * Decides the database before the app starts: DATABASE_URL means real Postgres; no DATABASE_URL means the
 * embedded PGlite database in EMBEDDED_DB_DIR. Pending migrations are applied to either (MIGRATE_ON_START).
 */
export async function openDatabase(config: AppConfig): Promise<DatabaseConnection> {
  if (config.databaseUrl) {
    const migrations = config.migrateOnStart
      ? await migratePostgres(config.databaseUrl, { lock: true })
      : NOT_MIGRATED;
    return new DatabaseConnection('postgres', config.databaseUrl, migrations, undefined, config.dbPoolMax);
  }
  const embedded = await EmbeddedPostgres.start(config.embeddedDbDir);
  try {
    const migrations = config.migrateOnStart
      ? await migratePostgres(embedded.connectionString)
      : NOT_MIGRATED;
    return new DatabaseConnection('embedded', embedded.connectionString, migrations, embedded);
  } catch (error) {
    await embedded.stop();
    throw error;
  }
}
