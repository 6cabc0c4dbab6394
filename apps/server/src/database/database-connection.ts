import type { EmbeddedPostgres } from './embedded-postgres';
import type { MigrationReport } from './migrations';

/** Which database this server talks to; decided before the Nest app is created (see create-app.ts). */
export class DatabaseConnection {
  constructor(
    /** 'postgres' when DATABASE_URL is set, 'embedded' for the PGlite default */
    readonly kind: 'postgres' | 'embedded',
    readonly connectionString: string,
    /** what the start-up migration did */
    readonly migrations: MigrationReport,
    /** the embedded server this process started (stopped when the app shuts down) */
    readonly embedded?: EmbeddedPostgres,
    /** connections to a real Postgres (DB_POOL_MAX) */
    private readonly postgresPoolMax = 10,
  ) {}

  /** The embedded database serves one connection at a time; real Postgres gets DB_POOL_MAX. */
  get poolMax(): number {
    return this.kind === 'embedded' ? 1 : this.postgresPoolMax;
  }
}
