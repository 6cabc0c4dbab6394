import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig } from '../../src/config/app-config';
import { bootstrap } from '../../src/create-app';
import { PrismaService } from '../../src/database/prisma.service';
import { createTestDatabase, TestDatabase } from './test-database';

export const TEST_JWT_SECRET = 'test-secret-for-jest-only-0123456789';

export interface TestServer {
  /** http://127.0.0.1:<port>, also the socket.io URL */
  url: string;
  port: number;
  app: NestExpressApplication;
  prisma: PrismaService;
  config: AppConfig;
  /** the database it runs on (undefined when a databaseUrl was passed in) */
  database?: TestDatabase;
  /** closes the server, then drops the database it created */
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** run against this database instead of creating a fresh one (it is not dropped on close) */
  databaseUrl?: string;
  /** settings that win over defaults, e.g. { labTimeScale: 50, authRateLimitPerMinute: 3 } */
  config?: Partial<AppConfig>;
  /** collect the server's JSON log lines here (at LOG_LEVEL info unless `config.logLevel` says otherwise) */
  logs?: LogCapture;
}

/** The server's log lines, parsed, as a test reads them. */
export class LogCapture {
  readonly lines: Array<Record<string, unknown> & { level: number; msg?: string }> = [];
  readonly raw: string[] = [];
  /** pino's destination: every line is one JSON object */
  readonly stream = {
    write: (line: string) => {
      this.raw.push(line);
      try {
        this.lines.push(JSON.parse(line));
      } catch {
        this.lines.push({ level: 60, msg: line });
      }
    },
  };

  /** Everything logged, as one text (to look for a token or a stack trace in any field). */
  text(): string {
    return this.raw.join('');
  }

  /** Lines at level error (50) or above. */
  errors() {
    return this.lines.filter((line) => line.level >= 50);
  }

  clear(): void {
    this.raw.length = 0;
    this.lines.length = 0;
  }
}

/**
 * Boots the real server in-process on a free port against a fresh, migrated Postgres database.
 * Logs are silent unless TEST_LOG_LEVEL is set. Rate limits are high unless a test sets them.
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const database = options.databaseUrl ? undefined : await createTestDatabase();
  const databaseUrl = options.databaseUrl ?? database!.url;
  try {
    const server = await bootstrap({
      env: {},
      logDestination: options.logs?.stream,
      config: {
        port: 0,
        host: '127.0.0.1',
        databaseUrl,
        jwtSecret: TEST_JWT_SECRET,
        jwtSecretIsDefault: false,
        logLevel: (process.env.TEST_LOG_LEVEL as AppConfig['logLevel']) ?? (options.logs ? 'info' : 'silent'),
        prettyLogs: false,
        rateLimitPerMinute: 100_000,
        authRateLimitPerMinute: 100_000,
        joinRateLimitPerMinute: 100_000,
        ...options.config,
      },
    });
    return {
      url: server.url,
      port: server.port,
      app: server.app,
      prisma: server.app.get(PrismaService),
      config: server.config,
      database,
      close: async () => {
        await server.close();
        await database?.drop();
      },
    };
  } catch (error) {
    await database?.drop();
    throw error;
  }
}
