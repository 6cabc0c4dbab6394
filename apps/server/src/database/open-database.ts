import type { AppConfig } from '../config/app-config';
import { DatabaseConnection } from './database-connection';
import { EmbeddedPostgres } from './embedded-postgres';
import { migratePostgres } from './postgres-migrations';

/**
 * Decides the database before the app starts: DATABASE_URL means real Postgres; no DATABASE_URL means the
 * embedded PGlite database in EMBEDDED_DB_DIR. Pending migrations are applied to either (MIGRATE_ON_START).
 */
export async function openDatabase(config: AppConfig): Promise<DatabaseConnection> {
  if (config.databaseUrl) {
    if (config.migrateOnStart) await migratePostgres(config.databaseUrl, { lock: true });
    return new DatabaseConnection('postgres', config.databaseUrl);
  }
  const embedded = await EmbeddedPostgres.start(config.embeddedDbDir);
  try {
    if (config.migrateOnStart) await migratePostgres(embedded.connectionString);
  } catch (error) {
    await embedded.stop();
    throw error;
  }
  return new DatabaseConnection('embedded', embedded.connectionString, embedded);
}
