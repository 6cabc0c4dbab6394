import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * The default database when DATABASE_URL is unset: Postgres compiled to WebAssembly (PGlite), its data kept in
 * a folder, served over the Postgres wire protocol on a free 127.0.0.1 port so Prisma and pg use it exactly like
 * a real server. It serves ONE connection at a time (see toolchain.md), so the Prisma pool must have max: 1.
 */
export class EmbeddedPostgres {
  private constructor(
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    readonly connectionString: string,
    readonly dataDir: string,
  ) {}

  static async start(dataDir: string): Promise<EmbeddedPostgres> {
    fs.mkdirSync(dataDir, { recursive: true });
    const db = await PGlite.create(dataDir);
    const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1' });
    try {
      await server.start();
    } catch (error) {
      await db.close();
      throw error;
    }
    // getServerConn() is "127.0.0.1:<port>" once listening on the port the OS picked.
    const connectionString = `postgresql://postgres:postgres@${server.getServerConn()}/postgres?sslmode=disable`;
    return new EmbeddedPostgres(db, server, connectionString, dataDir);
  }

  async stop(): Promise<void> {
    await this.server.stop();
    await this.db.close();
  }
}
