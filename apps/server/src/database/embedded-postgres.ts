import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** Name of the file that says which server process has the data folder open. */
export const EMBEDDED_LOCK_FILE = 'tcp-lab-server.pid';

export class EmbeddedDatabaseInUseError extends Error {}

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
    lockDataDir(dataDir);
    let db: PGlite | undefined;
    try {
      db = await PGlite.create(dataDir);
      const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1' });
      await server.start();
      // getServerConn() is "127.0.0.1:<port>" once listening on the port the OS picked.
      const connectionString = `postgresql://postgres:postgres@${server.getServerConn()}/postgres?sslmode=disable`;
      return new EmbeddedPostgres(db, server, connectionString, dataDir);
    } catch (error) {
      await db?.close();
      unlockDataDir(dataDir);
      throw error;
    }
  }

  async stop(): Promise<void> {
    await this.server.stop();
    await this.db.close();
    unlockDataDir(this.dataDir);
  }
}

/**
 * PGlite has no postmaster to stop a second process from opening the same folder, and two writers would
 * corrupt it (someone runs `npm start` twice). A pid file does that job; a file left by a killed process
 * (its pid no longer alive) does not block the next start.
 */
function lockDataDir(dataDir: string): void {
  const lockFile = path.join(dataDir, EMBEDDED_LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number(fs.readFileSync(lockFile, 'utf8').trim());
    if (owner && owner !== process.pid && isAlive(owner)) {
      throw new EmbeddedDatabaseInUseError(
        `The embedded database in ${dataDir} is in use by another server (pid ${owner}). ` +
          'Stop it, or set EMBEDDED_DB_DIR to another folder (or DATABASE_URL to a Postgres server).',
      );
    }
    fs.rmSync(lockFile, { force: true }); // left behind by a process that is gone
  }
  throw new EmbeddedDatabaseInUseError(`Could not lock the embedded database in ${dataDir}`);
}

function unlockDataDir(dataDir: string): void {
  const lockFile = path.join(dataDir, EMBEDDED_LOCK_FILE);
  try {
    if (Number(fs.readFileSync(lockFile, 'utf8').trim()) === process.pid)
      fs.rmSync(lockFile, { force: true });
  } catch {
    // already gone
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
